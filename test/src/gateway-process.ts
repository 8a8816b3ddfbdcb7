import { resolve } from 'node:path';
import { localStack } from '@quarry/testkit';
import { type ServiceProcess, startService } from './service-process.ts';

const GATEWAY = resolve(import.meta.dirname, '../../apps/ingest-gateway/src/server.ts');

/** The gateway's own server.ts as a separate process on a free port, against the run's stack. */
export function spawnGateway(options: {
  namespace: string;
  env?: Record<string, string>;
  echo?: boolean;
}): Promise<ServiceProcess> {
  const stack = localStack();
  return startService({
    entry: GATEWAY,
    env: {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_NAMESPACE: options.namespace,
      REDIS_URL: stack.redisUrl,
      DATABASE_URL: stack.databaseUrl,
      PORT: '0',
      KEY_STATUS_REFRESH_MS: '1000',
      UNKNOWN_DATASET_TTL_MS: '500',
      ...options.env,
    },
    echo: options.echo,
  });
}
