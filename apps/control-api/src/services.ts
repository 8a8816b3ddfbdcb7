import type { ControlPlaneDeps, LastUseRecorder, SessionPolicy, SignupMode } from '@quarry/control-plane';
import type { Logger, ServiceMetrics } from '@quarry/observability';
import type { TrustedProxies } from '@quarry/server-kit';

/** Who may sign up, whose forwarded address is believed, and how long a login's token lives. */
export interface AccessSettings {
  signupMode: SignupMode;
  trustedProxies: TrustedProxies;
  loginTokenTtlMs: number;
}

/** Everything the control API's routes use, built once by server.ts (or the embedded runner). */
export interface ControlServices extends ControlPlaneDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  lastUse: LastUseRecorder;
  /** Console sessions: their lifetime, and the origins (besides the request's own) trusted for CSRF. */
  sessions: SessionPolicy & { publicOrigins: string[] };
  access: AccessSettings;
  /** How long a destination test waits for the writer's first attempt before answering. */
  destinationTestWaitMs: number;
  ping: { catalog(): Promise<unknown>; warehouse(): Promise<unknown>; counters(): Promise<unknown> };
}
