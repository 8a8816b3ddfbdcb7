import { env } from '@quarry/config';
import { SIGNUP_MODES, type SignupMode } from '@quarry/control-plane';
import { allowedCidrsField } from '@quarry/writer';
import { z } from 'zod';

export const embeddedConfigSchema = z.object({
  QUARRY_DATA_DIR: z.string().min(1).default('./.quarry'),
  HOST: env.host('127.0.0.1'),
  CONTROL_PORT: env.port(8080),
  INGEST_PORT: env.port(8081),
  WRITER_HEALTH_PORT: env.port(8082),
  LOG_LEVEL: env.logLevel(),
  BOOTSTRAP_EMAIL: z.email().default('admin@quarry.local'),
  BOOTSTRAP_PROJECT: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/)
    .default('local'),
  /** Plan defaults for users other than the bootstrap one. */
  DEFAULT_DATASET_RECORDS_QUOTA: z.coerce.number().int().min(-1).default(1_000_000),
  DEFAULT_LOGS_QUOTA: z.coerce.number().int().min(-1).default(10_000),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(25_000),
  /** As for the writer: non-public ranges log destinations may reach. Loopback too is refused unless listed. */
  DESTINATION_ALLOWED_CIDRS: allowedCidrsField(),
  /** Unset: `open` while bound to loopback only, `invite` once HOST exposes it (see signupMode). */
  SIGNUP_MODE: z.enum(SIGNUP_MODES).optional(),
});

/** Open sign-up is harmless on loopback (only this machine reaches it), not on all interfaces. */
export function signupMode(config: { HOST: string; SIGNUP_MODE?: SignupMode | undefined }): SignupMode {
  if (config.SIGNUP_MODE) return config.SIGNUP_MODE;
  return ['127.0.0.1', '::1', 'localhost'].includes(config.HOST) ? 'open' : 'invite';
}

export type EmbeddedConfig = z.infer<typeof embeddedConfigSchema>;
