import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) per live thread of a process, keyed by thread id, with its name. */
export type ThreadCpu = Map<number, { name: string; seconds: number }>;

/**
 * Reads /proc/<pid>/task: the main thread (tid = pid) runs JavaScript and whatever native code it
 * calls synchronously; the others are V8's helpers, libuv's pool and an embedded engine's own threads.
 */
export function threadCpu(pid: number): ThreadCpu {
  const threads: ThreadCpu = new Map();
  for (const entry of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      threads.set(Number(entry), { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/**
 * Where a process's CPU went between two readings: its main thread, and the other threads grouped by
 * name (numbered names such as `QueryPipelineEx3` grouped as one). Threads that ended in between are
 * missing here; the process total from /proc/<pid>/stat still counts them.
 */
export function threadCpuBetween(pid: number, before: ThreadCpu, after: ThreadCpu) {
  let mainSeconds = 0;
  const byName = new Map<string, number>();
  for (const [tid, { name, seconds }] of after) {
    const used = seconds - (before.get(tid)?.seconds ?? 0);
    if (tid === pid) {
      mainSeconds = used;
      continue;
    }
    const group = name.replace(/[\d:_-]+$/, '') || name;
    byName.set(group, (byName.get(group) ?? 0) + used);
  }
  const others = [...byName.entries()].filter(([, seconds]) => seconds > 0).sort((a, b) => b[1] - a[1]);
  return { mainSeconds, others };
}
