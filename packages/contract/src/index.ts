export * as wire from './control-wire.ts';
export { ApiError, type ErrorBody, type ErrorStatus, errorBody, HTTP_REASONS } from './errors.ts';
export { ingestKeyLastUseKey } from './key-last-use.ts';
export { type QuotaBucket, quotaKeys, quotaPeriod } from './quota.ts';
