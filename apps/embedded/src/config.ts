import { fileURLToPath } from 'node:url';
import { env } from '@quarry/config';
import { trustedProxiesField } from '@quarry/control-api';
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
  /** The built web console served at `/` (built by the install step: scripts/toolchain.mjs). */
  CONSOLE_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../console/dist', import.meta.url))),
  SESSION_MAX_AGE_SECONDS: env.positiveInt(7 * 24 * 3600),
  SESSION_IDLE_TIMEOUT_SECONDS: env.positiveInt(2 * 3600),
  /** Where users open the console, when a proxy sits in front (trusted as an Origin; https makes cookies Secure). */
  PUBLIC_URL: env.url(['http', 'https']).optional(),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(25_000),
  /** As for the writer: non-public ranges log destinations may reach. Loopback too is refused unless listed. */
  DESTINATION_ALLOWED_CIDRS: allowedCidrsField(),
  /** Unset: `open` while bound to loopback only, `invite` once HOST exposes it (see signupMode). */
  SIGNUP_MODE: z.enum(SIGNUP_MODES).optional(),
  /**
   * The proxies in front (CIDRs) whose X-Forwarded-For names the client: behind one, sign-up and
   * login limits would otherwise count every user as the proxy's one address. Empty: none.
   */
  TRUSTED_PROXIES: trustedProxiesField(),
});

/** Open sign-up is harmless on loopback (only this machine reaches it), not on all interfaces. */
export function signupMode(config: { HOST: string; SIGNUP_MODE?: SignupMode | undefined }): SignupMode {
  if (config.SIGNUP_MODE) return config.SIGNUP_MODE;
  return ['127.0.0.1', '::1', 'localhost'].includes(config.HOST) ? 'open' : 'invite';
}

export type EmbeddedConfig = z.infer<typeof embeddedConfigSchema>;
