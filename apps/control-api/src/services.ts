import type { ControlPlaneDeps, LastUseRecorder, SessionPolicy } from '@quarry/control-plane';
import type { Logger, ServiceMetrics } from '@quarry/observability';

/** Everything the control API's routes use, built once by server.ts (or the embedded runner). */
export interface ControlServices extends ControlPlaneDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  lastUse: LastUseRecorder;
  /** Console sessions: their lifetime, and the origins (besides the request's own) trusted for CSRF. */
  sessions: SessionPolicy & { publicOrigins: string[] };
  ping: { catalog(): Promise<unknown>; warehouse(): Promise<unknown>; counters(): Promise<unknown> };
}
