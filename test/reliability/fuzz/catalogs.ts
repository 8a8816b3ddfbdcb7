import { MESSAGES as CONTROL_MESSAGES } from '@quarry/control-plane';
import { MESSAGES as QUERY_MESSAGES } from '@quarry/query';
import { INGEST_MESSAGES } from '@quarry/schema';
import { CONTROL_BODY_TOO_LARGE } from '../../../apps/control-api/src/app.ts';
import { UNSUPPORTED_MEDIA_TYPE } from '../../../apps/control-api/src/routes/shared.ts';
import { BODY_MESSAGES } from '../../../apps/ingest-gateway/src/body.ts';
import { QUOTA_UNAVAILABLE } from '../../../apps/ingest-gateway/src/charged-produce.ts';
import { QUOTA_MESSAGE } from '../../../apps/ingest-gateway/src/datasets/ingest.ts';
import { IDEMPOTENCY_MESSAGES } from '../../../apps/ingest-gateway/src/idempotency.ts';
import { AUTH_MESSAGES } from '../../../apps/ingest-gateway/src/keys/ingest-auth.ts';
import { LOG_QUOTA_MESSAGE } from '../../../apps/ingest-gateway/src/logs/ingest.ts';
import { RATE_LIMIT_MESSAGES } from '../../../apps/ingest-gateway/src/logs/rate-limit.ts';
import { PRODUCE_MESSAGES } from '../../../apps/ingest-gateway/src/produce.ts';
import { LOG_MESSAGES } from '../../../packages/logs/src/index.ts';

// The gateway's own catalogs are not exported by its package: read from their modules, never copied.
export const GATEWAY_MESSAGES = {
  auth: AUTH_MESSAGES,
  body: BODY_MESSAGES,
  idempotency: IDEMPOTENCY_MESSAGES,
  produce: PRODUCE_MESSAGES,
  rateLimit: RATE_LIMIT_MESSAGES,
  quota: { datasets: QUOTA_MESSAGE, logs: LOG_QUOTA_MESSAGE, unavailable: QUOTA_UNAVAILABLE },
} as const;

type Template = string | ((...args: never[]) => string);
type Catalog = Readonly<Record<string, Template>>;

export interface MessageSet {
  allows(message: string): boolean;
}

const HOLE = '\u0000hole\u0000';

/**
 * Every message a catalog can produce: fixed texts exactly, templates with anything in their holes.
 * A template is filled with `[HOLE]`, which interpolates as HOLE and also serves where it expects an
 * array of names (`oneOf(types)`), so no entry needs to be described by hand.
 */
export function messageSet(...catalogs: Catalog[]): MessageSet {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of catalogs.flatMap((catalog) => Object.values(catalog))) {
    if (typeof entry === 'string') {
      exact.add(entry);
      continue;
    }
    const fill = entry as unknown as (...args: unknown[]) => string;
    const filled = fill(...Array.from({ length: entry.length }, () => [HOLE]));
    const parts = filled.split(HOLE).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    patterns.push(new RegExp(`^${parts.join('[\\s\\S]*')}$`));
  }
  return { allows: (message) => exact.has(message) || patterns.some((pattern) => pattern.test(message)) };
}

const gateway = Object.values(GATEWAY_MESSAGES).filter((catalog) => catalog !== GATEWAY_MESSAGES.quota);

/** Contract §2's table plus the gateway's own refusals (size, auth, idempotency, quota, queue). */
export const DATASET_ANSWERS = messageSet(INGEST_MESSAGES, GATEWAY_MESSAGES.quota, ...gateway);

/** Contract §3: the log catalog, and the shared JSON, claims, size and auth refusals. */
export const LOG_ANSWERS = messageSet(
  LOG_MESSAGES,
  { invalidJson: INGEST_MESSAGES.invalidJson, projectNotFound: INGEST_MESSAGES.projectNotFound },
  GATEWAY_MESSAGES.quota,
  ...gateway,
);

/** A path parameter the control API's router refused: `<param>: <zod's issue>` (apps/control-api/src/openapi.ts). */
const PATH_PARAMS = {
  project: (issue: string) => `project: ${issue}`,
  id: (issue: string) => `id: ${issue}`,
};

/** Contract §1 plus the query language's and the control plane's catalogs. */
export const QUERY_ANSWERS = messageSet(QUERY_MESSAGES, CONTROL_MESSAGES, PATH_PARAMS, {
  invalidJson: INGEST_MESSAGES.invalidJson,
  bodyTooLarge: CONTROL_BODY_TOO_LARGE,
  // A body sent with a non-JSON Content-Type (the fuzzer sends some) is refused before it is read.
  unsupportedMediaType: UNSUPPORTED_MEDIA_TYPE,
});
