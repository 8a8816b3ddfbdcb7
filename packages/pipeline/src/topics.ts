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

export function datasetMessageKey(datasetId: number): string {
  return `dataset:${datasetId}`;
}

export function logMessageKey(projectId: number): string {
  return `project:${projectId}`;
}
