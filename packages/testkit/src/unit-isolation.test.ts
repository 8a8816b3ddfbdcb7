import { existsSync, globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_WIDE_CALL, UNIT_TESTS, UNIT_TESTS_ISOLATED } from './unit-isolation.ts';

const root = join(import.meta.dirname, '../../..');

function unitFiles(): string[] {
  return globSync(UNIT_TESTS, {
    cwd: root,
    exclude: (name) => name.includes('node_modules'),
  }).filter((file) => !file.endsWith('.int.test.ts'));
}

describe('unit files that change the process', () => {
  it('are each given a process of their own, or a later file in a shared fork inherits the change', () => {
    const changing = unitFiles().filter((file) =>
      PROCESS_WIDE_CALL.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(changing.length).toBeGreaterThan(0);
    expect(changing.filter((file) => !UNIT_TESTS_ISOLATED.includes(file))).toEqual([]);
  });

  it('names only files that exist', () => {
    expect(UNIT_TESTS_ISOLATED.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });

  it('recognises the calls it looks for', () => {
    // Joined here: written whole, they would make this file one of the files it looks for.
    const calls = [
      ['vi.', "mock('./x.ts')"],
      ['vi.', 'useFakeTimers()'],
      ['standInPage', '()'],
      ['process.', "on('exit', f)"],
    ].map((parts) => parts.join(''));
    for (const call of calls) expect(PROCESS_WIDE_CALL.test(call), call).toBe(true);
    expect(PROCESS_WIDE_CALL.test("vi.fn(); vi.spyOn(logger, 'child'); process.once")).toBe(false);
  });
});
