import { randomBytes } from 'node:crypto';

export interface KafkaNodeConfig {
  port: number;
  controllerPort: number;
  logDir: string;
}

/** A combined broker+controller KRaft node on loopback, sized for one machine (replication factor 1). */
export function serverProperties({ port, controllerPort, logDir }: KafkaNodeConfig): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': 1,
    // Without these, internal topics ask for 3 replicas and consumer groups never find a coordinator.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'min.insync.replicas': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created on purpose (bus ensureTopics, testkit createTopic), never by a typo.
    'auto.create.topics.enable': false,
  };
  return `${Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** log4j2 setup: INFO to stdout, which the launcher sends to a log file it can quote on failure. */
export function log4jProperties(): string {
  return [
    'status = warn',
    'appender.out.type = Console',
    'appender.out.name = OUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.out.ref = OUT',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}

/**
 * A cluster id as Kafka's `StorageTool random-uuid` makes it (16 random bytes, base64url), without a JVM
 * start. Like Kafka, skip ids starting with '-', which its command line would read as an option.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
