import { checkStored, type StreamCheck } from './check.ts';
import { deadLetters, untilCaughtUp } from './lag.ts';
import type { Ledger } from './ledger.ts';
import type { Stack } from './stack.ts';

export interface Finish {
  /** How long after the gateway stopped the writer's group had committed everything. */
  catchUpSeconds: number;
  deadLetters: number;
  /** Each app's exit code on SIGTERM: 0 is a clean drain. */
  exitCodes: Record<string, number | null>;
  checks: { datasets: StreamCheck; logs: StreamCheck };
}

/**
 * Stops the gateway (no more ingest), waits for the writer to commit everything, stops the writer and
 * the control API, then counts what the writer stored, from its directory now that it has exited.
 */
export async function drainAndCount(
  stack: Stack,
  ledgers: { datasets: Ledger[]; logs: Ledger[] },
): Promise<Finish> {
  const exitCodes: Record<string, number | null> = {};
  exitCodes.gateway = await stack.apps.gateway.stop();
  const catchUpSeconds = await untilCaughtUp(stack.bus, 10 * 60_000);
  const dead = await deadLetters(stack.bus);
  exitCodes.writer = await stack.apps.writer.stop();
  exitCodes['control-api'] = await stack.apps['control-api'].stop();
  const checks = await checkStored({
    writerWarehouseDir: stack.writerWarehouseDir,
    datasetId: stack.tenant.datasetId,
    projectId: stack.tenant.projectId,
    ...ledgers,
  });
  return { catchUpSeconds, deadLetters: dead, exitCodes, checks };
}
