/** A log batch the ingest gateway did not accept. */
export class QuarryLogError extends Error {
  override name = 'QuarryLogError';
  /** HTTP status; undefined when no answer came. */
  readonly status: number | undefined;
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;
  /** Events not stored. */
  readonly events: number;
  /** Requests made, retries included. */
  readonly attempts: number;

  constructor(
    message: string,
    details: { status?: number; retryAfter?: number; events: number; attempts: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfter = details.retryAfter;
    this.events = details.events;
    this.attempts = details.attempts;
  }
}

/** The rejection of a 429 (contract §3 asks for exactly this text). */
export function tooManyRequestsMessage(retryAfter: number | undefined): string {
  return retryAfter === undefined
    ? 'Too many requests; retry later'
    : `Too many requests; retry after ${retryAfter} seconds`;
}
