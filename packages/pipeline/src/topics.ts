/**
 * Topics between the gateway and the writer. Dataset messages are keyed by dataset, so one dataset's
 * records stay ordered in one partition; log messages are keyed by project.
 */
export const TOPICS = {
  datasets: 'quarry.datasets.v1',
  logs: 'quarry.logs.v1',
  deadLetters: 'quarry.dead-letters.v1',
} as const;

export const DEFAULT_PARTITIONS = { datasets: 12, logs: 12, deadLetters: 3 } as const;

/** One message carries one request (up to the gateway's 4 MiB body, plus envelope), so topics take 16 MiB. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** What `quarry topics create` (and the embedded runner) ensure exists. */
export const TOPIC_SPECS = (Object.keys(TOPICS) as (keyof typeof TOPICS)[]).map((name) => ({
  topic: TOPICS[name],
  partitions: DEFAULT_PARTITIONS[name],
  config: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) },
}));

export function datasetMessageKey(datasetId: number): string {
  return `dataset:${datasetId}`;
}

export function logMessageKey(projectId: number): string {
  return `project:${projectId}`;
}
