/** Reason phrases used in the `error` field of every error body (contract §3 shape, used by all routes). */
export const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503 | 504;

/** The one error envelope: `{"error": "<HTTP reason>", "message": "...", ...details}`. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/**
 * An expected failure with a status and a client-safe message. Routes and verbs throw or return it;
 * the error handler renders it. Anything that is not an ApiError becomes a 500 with a request id only.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ErrorStatus;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: ErrorStatus,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = status;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    return errorBody(this.status, this.message, this.details);
  }
}

export function errorBody(status: number, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: HTTP_REASONS[status] ?? 'Error', message, ...details };
}
