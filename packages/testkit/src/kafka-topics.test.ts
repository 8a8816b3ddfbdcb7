import { describe, expect, it } from 'vitest';
import { uniqueTopic } from './kafka-topics.ts';

describe('uniqueTopic', () => {
  it('makes names that differ and are legal Kafka topic names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueTopic('events')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^events\.[a-zA-Z0-9._-]+$/);
  });
});
