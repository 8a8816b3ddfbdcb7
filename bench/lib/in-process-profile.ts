import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CpuSummary, summarizeCpuProfile } from './cpu-profile.ts';

/**
 * Profiles this process's JavaScript thread while `work` runs (V8's sampling profiler, as
 * `--cpu-prof` would), for benches whose server runs in the bench's own process. Native threads
 * (chDB's) are not sampled: the summary is the JavaScript side only.
 */
export async function profileInProcess(work: () => Promise<void>, keepIn?: string): Promise<CpuSummary> {
  const session = new Session();
  session.connect();
  const dir = keepIn ?? (await mkdtemp(join(tmpdir(), 'quarry-profile-')));
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    await writeFile(join(dir, `bench-${process.pid}.cpuprofile`), JSON.stringify(profile));
    return summarizeCpuProfile(dir, 25);
  } finally {
    session.disconnect();
    if (!keepIn) await rm(dir, { recursive: true, force: true });
  }
}
