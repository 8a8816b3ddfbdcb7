/** Something holding events that must be sent before the process, or the page, goes away. */
export interface ExitFlushable {
  /** Sends what is buffered; `keepalive` when the page is going away and the request must outlive it. */
  flushForExit(options: { keepalive: boolean }): Promise<unknown>;
  /** Events accepted and not yet sent: reported if the process exits before they could be. */
  pending(): number;
}

/** Longest a signal waits for the flush before the process goes on to exit. */
export const SIGNAL_FLUSH_TIMEOUT_MS = 10_000;

interface Registry {
  members: Set<ExitFlushable>;
  installed: boolean;
}

// On globalThis under a registered symbol: both SDKs, and an ESM and a CommonJS copy of either
// loaded in one process, share one set of listeners instead of adding one per instance.
const REGISTRY = Symbol.for('quarry.sdk.exit-hooks');

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= { members: new Set(), installed: false };
  return holder[REGISTRY];
}

/** Flushes `member` on SIGTERM, SIGINT, `beforeExit` and a browser's `pagehide`; returns the undo. */
export function flushOnExit(member: ExitFlushable): () => void {
  const state = registry();
  state.members.add(member);
  if (!state.installed) {
    state.installed = true;
    installProcessHooks(state);
    installPageHooks(state);
  }
  return () => state.members.delete(member);
}

/** How many listeners the process-wide hooks hold (tests check there is one however many SDKs run). */
export function exitHookMembers(): number {
  return registry().members.size;
}

async function flushAll(state: Registry, keepalive: boolean): Promise<void> {
  await Promise.allSettled([...state.members].map((member) => member.flushForExit({ keepalive })));
}

type Signal = 'SIGTERM' | 'SIGINT';

interface ProcessLike {
  pid: number;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: Signal): unknown;
}

function installProcessHooks(state: Registry): void {
  const proc = (globalThis as { process?: Partial<ProcessLike> }).process;
  if (typeof proc?.on !== 'function' || typeof proc.kill !== 'function') return;
  const node = proc as ProcessLike;
  // The event loop ran dry: sending starts new work, after which `beforeExit` comes once more.
  node.on('beforeExit', () => {
    if (pendingEvents(state) > 0) void flushAll(state, false);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      // The app's own handler decides when to exit; without one, the signal's default (exit with
      // 128 + its number) comes back once the flush is done.
      const appHandlesIt = node.listenerCount(signal) > 1;
      void flushWithin(state, SIGNAL_FLUSH_TIMEOUT_MS).then(() => {
        if (appHandlesIt) return;
        node.off(signal, onSignal);
        node.kill(node.pid, signal);
      });
    };
    node.on(signal, onSignal);
  }
  // `process.exit()` runs only synchronous listeners: nothing can be sent, so the loss is said.
  node.on('exit', () => {
    const lost = pendingEvents(state);
    if (lost > 0) {
      console.error(
        `quarry: ${lost} events were not sent: the process exited first (await close() before process.exit())`,
      );
    }
  });
}

function installPageHooks(state: Registry): void {
  const page = globalThis as { addEventListener?: (type: string, listener: () => void) => void };
  if (typeof page.addEventListener !== 'function') return;
  page.addEventListener('pagehide', () => void flushAll(state, true));
}

function pendingEvents(state: Registry): number {
  let total = 0;
  for (const member of state.members) total += member.pending();
  return total;
}

async function flushWithin(state: Registry, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([flushAll(state, false), timeout]);
  clearTimeout(timer);
}
