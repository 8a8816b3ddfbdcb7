import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './kustomize.ts';

// The writer's start (and the embedded runner's, which holds a writer) sets the allocators' settings
// before node runs (docs/operations.md, "The writer's memory allocators"): glibc's for Node's buffers,
// jemalloc's for chDB's engine. glibc ignores a tunable it does not honour and jemalloc a variable it
// does not read, without a word: these tests hold the names and the values.

const scripts = (dir: string) =>
  JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The `NAME=value` words after a leading `env` of a start command. */
function startEnvironment(start: string): Record<string, string> {
  const words = start.trim().split(/\s+/);
  expect(words[0]).toBe('env');
  const assignments = words.slice(1, words.indexOf('node'));
  return Object.fromEntries(
    assignments.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
  );
}

const writerEnvironment = () => startEnvironment(scripts('apps/writer').start ?? '');
// HEAP_MAX_SIZE / 2 on 64-bit: glibc ignores a mapping threshold above it.
const GLIBC_MAX_MMAP_THRESHOLD = 32 * 1024 * 1024;

describe('allocator settings of the writer', () => {
  it('are the embedded runner’s too', () => {
    const writer = writerEnvironment();
    expect(Object.keys(writer).sort()).toEqual(['GLIBC_TUNABLES', 'JE_MALLOC_CONF']);
    expect(startEnvironment(scripts('.')['start:embedded'] ?? '')).toEqual(writer);
  });

  it('are malloc tunables glibc takes at their values', () => {
    const writer = writerEnvironment();
    const tunables = Object.fromEntries(
      (writer.GLIBC_TUNABLES ?? '').split(':').map((pair) => pair.split('=') as [string, string]),
    );
    expect(Object.keys(tunables).sort()).toEqual([
      'glibc.malloc.hugetlb',
      'glibc.malloc.mmap_threshold',
      'glibc.malloc.trim_threshold',
    ]);
    expect(Number(tunables['glibc.malloc.mmap_threshold'])).toBeLessThanOrEqual(GLIBC_MAX_MMAP_THRESHOLD);
    // The dynamic loader lists the tunables as this process would start with them.
    const loader = /\s(\/\S*ld-linux\S*)\s/.exec(
      spawnSync('ldd', [process.execPath], { encoding: 'utf8' }).stdout,
    )?.[1];
    expect(loader).toBeDefined();
    const listed = spawnSync(loader ?? '', ['--list-tunables'], {
      encoding: 'utf8',
      env: { ...process.env, GLIBC_TUNABLES: writer.GLIBC_TUNABLES },
    }).stdout;
    for (const [name, value] of Object.entries(tunables)) {
      const shown = new RegExp(`^${name.replaceAll('.', '\\.')}: (0x[0-9a-f]+)`, 'm').exec(listed)?.[1];
      expect(Number(shown), name).toBe(Number(value));
    }
  });

  it('are jemalloc options chDB reads from JE_MALLOC_CONF, every one of them known', () => {
    const writer = writerEnvironment();
    // abort_conf: an option jemalloc does not know aborts the process instead of being skipped.
    const query = (conf: string) =>
      spawnSync(
        process.execPath,
        ['-e', "process.stdout.write(require('chdb').query('SELECT 41 + 1', 'TSV'))"],
        {
          cwd: join(repoRoot, 'packages/warehouse'),
          encoding: 'utf8',
          env: { ...process.env, JE_MALLOC_CONF: conf },
        },
      );
    const ours = query(`${writer.JE_MALLOC_CONF},abort_conf:true`);
    expect(ours.stderr).toBe('');
    expect(ours.stdout.trim()).toBe('42');
    expect(ours.status).toBe(0);
    // Proof that the variable is read at all: the same with an option jemalloc does not have.
    const unknown = query('abort_conf:true,no_such_option:1');
    expect(unknown.stdout).not.toContain('42');
    expect(unknown.signal ?? unknown.status).not.toBe(0);
  });
});
