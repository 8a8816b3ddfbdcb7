/** The topics between the gateway and the writer, named under one namespace. */
export interface Topics {
  datasets: string;
  logs: string;
  deadLetters: string;
}

/**
 * Topic names under a namespace (default `quarry`), so several installations (or test runs) can
 * share one Kafka cluster. Dataset messages are keyed by dataset, so an ordinary dataset's records
 * stay ordered in one partition (a hot one spreads: the gateway's partition-key.ts); log messages
 * are keyed by project.
 */
export function topicNames(namespace = 'quarry'): Topics {
  return {
    datasets: `${namespace}.datasets.v1`,
    logs: `${namespace}.logs.v1`,
    deadLetters: `${namespace}.dead-letters.v1`,
  };
}

export const TOPICS: Topics = topicNames();

export const DEFAULT_PARTITIONS: Record<keyof Topics, number> = { datasets: 12, logs: 12, deadLetters: 3 };

/** One message carries one request (up to the gateway's 4 MiB body, plus envelope), so topics take 16 MiB. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** What `quarry topics create` (and the embedded runner) ensure exists; partitions count only at creation. */
export function topicSpecs(topics: Topics = TOPICS, partitions: Partial<Record<keyof Topics, number>> = {}) {
  return (Object.keys(topics) as (keyof Topics)[]).map((name) => ({
    topic: topics[name],
    partitions: partitions[name] ?? DEFAULT_PARTITIONS[name],
    config: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) },
  }));
}

export const TOPIC_SPECS = topicSpecs();

export function datasetMessageKey(datasetId: number): string {
  return `dataset:${datasetId}`;
}

export function logMessageKey(projectId: number): string {
  return `project:${projectId}`;
}
