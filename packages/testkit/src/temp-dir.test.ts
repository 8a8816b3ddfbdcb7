import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.ts';

describe('tempDir', () => {
  let madeByEarlierTest = '';

  it('makes a fresh directory', async () => {
    madeByEarlierTest = await tempDir('testkit');
    expect(existsSync(madeByEarlierTest)).toBe(true);
    expect(await tempDir('testkit')).not.toBe(madeByEarlierTest);
  });

  it('removes it once the test that made it has finished', () => {
    expect(madeByEarlierTest).not.toBe('');
    expect(existsSync(madeByEarlierTest)).toBe(false);
  });
});
