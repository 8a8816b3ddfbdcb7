import { createRequire } from 'node:module';

interface RequestQueue {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const require = createRequire(import.meta.url);
const CHECK_PENDING_REQUESTS_INTERVAL = 10; // kafkajs' own constant
let applied = false;

/**
 * kafkajs 2.2.4 arms setTimeout(throttledUntil - now) with throttledUntil = -1 when not throttled, so
 * Node 24 prints a TimeoutNegativeWarning (tulios/kafkajs#1751, fixed upstream but never released).
 * Same method, delay clamped at 0; @quarry/local-stack carries the same shim (it cannot import the bus).
 */
export function quietKafkajsNegativeTimeouts(): void {
  if (applied) return;
  applied = true;
  const queue: { prototype: RequestQueue } = require('kafkajs/src/network/requestQueue/index.js');
  queue.prototype.scheduleCheckPendingRequests = function (this: RequestQueue) {
    let scheduleAt = this.throttledUntil - Date.now();
    if (this.throttleCheckTimeoutId) return;
    if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      Math.max(0, scheduleAt),
    );
  };
}
