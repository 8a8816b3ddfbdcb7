export {
  type EncodedBody,
  encodeBody,
  type GzipSupport,
  MIN_GZIP_BYTES,
  refusedGzip,
} from './compression.ts';
export { type ExitFlushable, exitHookMembers, flushOnExit, SIGNAL_FLUSH_TIMEOUT_MS } from './exit-hooks.ts';
