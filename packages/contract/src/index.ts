export { ApiError, type ErrorBody, type ErrorStatus, errorBody, HTTP_REASONS } from './errors.ts';
