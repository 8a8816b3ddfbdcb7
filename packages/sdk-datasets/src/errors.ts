/** What a failed call knows: the answer's status and message, and where in a batch it failed. */
export interface QuarryErrorDetails {
  /** HTTP status; 400 for a record refused before sending (the status the server would answer); undefined when no answer came. */
  status?: number;
  /** Index of the first invalid record within the batch that was refused. */
  index?: number;
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  retryAfter?: number;
  /** Requests made, retries included; 0 when the record was refused before sending. */
  attempts?: number;
  /** Records in the refused batch. */
  records?: number;
  /** The error body's other fields, e.g. `quota: {limit, used, requested, period}` on a 429. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class QuarryError extends Error {
  override name = 'QuarryError';
  readonly status: number | undefined;
  readonly index: number | undefined;
  readonly retryAfter: number | undefined;
  readonly attempts: number;
  readonly records: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(message: string, details: QuarryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.index = details.index;
    this.retryAfter = details.retryAfter;
    this.attempts = details.attempts ?? 0;
    this.records = details.records;
    this.details = details.details ?? {};
  }
}
