/** What each Quarry app is expected to look like once deployed; the tests hold the manifests to it. */
export interface AppExpectation {
  port: number;
  /** TCP ports the app may dial besides DNS (Kafka 9092, Redis 6379, PostgreSQL 5432, ClickHouse 8123/8443). */
  egressPorts: number[];
  /** Namespaces whose pods may connect to it. */
  ingressFrom: string[];
  /** Secrets it reads, by base name. */
  secrets: string[];
}

export const APPS: Record<'control-api' | 'ingest-gateway' | 'writer', AppExpectation> = {
  'control-api': {
    port: 8080,
    egressPorts: [5432, 6379, 8123, 8443, 9092],
    ingressFrom: ['ingress-nginx', 'monitoring'],
    secrets: [
      'quarry-clickhouse',
      'quarry-database',
      'quarry-destinations',
      'quarry-redis',
      'quarry-signing',
    ],
  },
  'ingest-gateway': {
    port: 8081,
    egressPorts: [5432, 6379, 9092],
    ingressFrom: ['ingress-nginx', 'monitoring'],
    secrets: ['quarry-database-readonly', 'quarry-redis'],
  },
  writer: {
    port: 8082,
    egressPorts: [443, 5432, 8123, 8443, 9092],
    ingressFrom: ['monitoring'],
    secrets: ['quarry-clickhouse', 'quarry-database', 'quarry-destinations'],
  },
};

export const APP_NAMES = Object.keys(APPS) as (keyof typeof APPS)[];

/** Jobs running the control API's `quarry` CLI, and the environment each command needs. */
export const JOBS = {
  'quarry-migrate': { command: ['migrate'], needs: ['DATABASE_URL', 'CLICKHOUSE_URL'] },
  'quarry-topics': { command: ['topics', 'create'], needs: ['KAFKA_BROKERS'] },
} as const;

/** Ingress paths and the Service each must reach. */
export const ROUTES: Record<string, string> = {
  '/datasets': 'ingest-gateway',
  '/v1/logs': 'ingest-gateway',
  '/v1/ingest': 'ingest-gateway',
  '/api': 'control-api',
  '/openapi.json': 'control-api',
  '/docs': 'control-api',
  // The console's pages (never a catch-all: /metrics and the probes stay inside the cluster).
  '/': 'control-api',
  '/assets': 'control-api',
  '/sign-in': 'control-api',
  '/sign-up': 'control-api',
  '/projects': 'control-api',
  '/p': 'control-api',
};

export const OVERLAYS = ['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod'] as const;

/** The apps' own default when SHUTDOWN_TIMEOUT_MS is not set. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
