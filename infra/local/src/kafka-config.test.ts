import { describe, expect, it } from 'vitest';
import { randomClusterId, serverProperties } from './kafka-config.ts';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2)),
  );

describe('serverProperties', () => {
  const properties = parse(serverProperties({ port: 9092, controllerPort: 9093, logDir: '/data/logs' }));

  it('describes one combined broker and controller on loopback', () => {
    expect(properties['process.roles']).toBe('broker,controller');
    expect(properties['controller.quorum.voters']).toBe('1@127.0.0.1:9093');
    expect(properties.listeners).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(properties['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:9092');
    expect(properties['log.dirs']).toBe('/data/logs');
  });

  it('lets internal topics live with a single replica, so consumer groups get a coordinator', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
    ]) {
      expect(properties[key]).toBe('1');
    }
  });

  it('never creates a topic because a client named it', () => {
    expect(properties['auto.create.topics.enable']).toBe('false');
  });
});

describe('randomClusterId', () => {
  it('makes 22-character base64url ids that the command line cannot mistake for options', () => {
    for (let n = 0; n < 200; n++) {
      const id = randomClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
