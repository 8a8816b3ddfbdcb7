import type { ControlPlaneDeps, LastUseRecorder, SignupMode } from '@quarry/control-plane';
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
  access: AccessSettings;
  ping: { catalog(): Promise<unknown>; warehouse(): Promise<unknown>; counters(): Promise<unknown> };
}
