import type { RawInsert } from './embedded-engine.ts';

/**
 * One raw insert over several chDB sessions: each insert goes to the session with the fewest
 * inserts running (the first of them on a tie), so inserts of different partitions run at once.
 */
export function leastBusy([first, ...others]: [RawInsert, ...RawInsert[]]): RawInsert {
  const sessions = [first, ...others].map((insert) => ({ insert, running: 0 }));
  return async (params) => {
    const session = sessions.reduce((idlest, next) => (next.running < idlest.running ? next : idlest));
    session.running += 1;
    try {
      return await session.insert(params);
    } finally {
      session.running -= 1;
    }
  };
}
