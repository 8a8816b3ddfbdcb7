import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

export interface GracefulShutdownOptions {
  logger: Logger;
  steps: ShutdownStep[];
  /** The whole drain must end within this bound; keep it below the pod's terminationGracePeriodSeconds. */
  timeoutMs: number;
  exit?: (code: number) => void;
}

/**
 * Runs the shutdown steps in order (stop accepting → finish in-flight → flush → close clients).
 * Returns the trigger so the embedded runner and tests can drive it without a signal.
 */
export function createShutdown({ logger, steps, timeoutMs, exit = process.exit }: GracefulShutdownOptions) {
  let started: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    started ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs }, 'shutdown exceeded its time bound, exiting');
        exit(1);
      }, timeoutMs);
      deadline.unref();
      let failed = false;
      for (const step of steps) {
        try {
          await step.run();
          logger.info({ step: step.name }, 'shutdown step done');
        } catch (error) {
          failed = true;
          logger.error({ step: step.name, err: error }, 'shutdown step failed');
        }
      }
      clearTimeout(deadline);
      logger.info('shutdown complete');
      exit(failed ? 1 : 0);
    })();
    return started;
  };
  return shutdown;
}

/** Binds SIGTERM and SIGINT to a shutdown trigger. */
export function onTerminationSignals(shutdown: (reason: string) => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal));
  }
}
