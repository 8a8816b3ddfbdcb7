import { defineConfig } from 'vitest/config';
import { LongFilesFirstSequencer } from './packages/testkit/src/sequencer.ts';
// Unit files share their forks (isolate: false), but for these: see unit-isolation.ts.
import { UNIT_TESTS, UNIT_TESTS_ISOLATED } from './packages/testkit/src/unit-isolation.ts';

// chDB segfaults when a worker thread that loaded it exits, so every test file runs in a process fork.
const shared = { pool: 'forks' as const, exclude: ['**/node_modules/**', '**/.quarry/**'] };
// The SDKs' package.json exports their built dist/ (as published); inside the workspace the
// `quarry-source` condition resolves them to their TypeScript sources instead, without a build.
const SOURCE_CONDITIONS = ['quarry-source', 'module', 'node', 'development|production'];
const sources = {
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
};

export default defineConfig({
  test: {
    ...shared,
    maxWorkers: 2,
    sequence: { sequencer: LongFilesFirstSequencer },
    projects: [
      {
        ...sources,
        test: {
          ...shared,
          name: 'unit',
          isolate: false,
          include: [UNIT_TESTS],
          exclude: [...shared.exclude, '**/*.int.test.ts', ...UNIT_TESTS_ISOLATED],
        },
      },
      {
        ...sources,
        test: { ...shared, name: 'unit (isolated)', include: UNIT_TESTS_ISOLATED },
      },
      {
        ...sources,
        test: {
          ...shared,
          name: 'integration',
          include: ['{apps,packages,infra}/**/src/**/*.int.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['./packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
