import type { z } from 'zod';

/** Raised when the environment does not describe a runnable service; the message lists every bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses environment variables with a zod object schema. Every problem is reported at once so an
 * operator fixes a deployment in one round instead of one variable per restart.
 */
export function parseConfig<T extends z.ZodType>(
  service: string,
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(`${service}: invalid configuration\n${lines.join('\n')}`);
}

/** Use in server.ts: a bad value stops the process with a clear message and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit<T extends z.ZodType>(service: string, schema: T): z.infer<T> {
  try {
    return parseConfig(service, schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

export { env } from './fields.ts';
export {
  type KafkaSecurityConfig,
  kafkaSecurityChecks,
  kafkaSecurityFields,
  kafkaSecurityFromEnv,
  kafkaTopicFields,
  kafkaTopicsFromEnv,
} from './kafka.ts';
