import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/generate-api.ts', import.meta.url));

describe('the generated API client types', () => {
  it('match the OpenAPI document the control API serves now', () => {
    // Throws (exit 1, with the command to run) when a route changed and the types were not regenerated.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
