import { defineConfig } from 'vitest/config';

// chDB segfaults when a worker thread that loaded it exits, so every test file runs in a process fork.
const shared = { pool: 'forks' as const, exclude: ['**/node_modules/**', '**/.quarry/**'] };

export default defineConfig({
  test: {
    ...shared,
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['{apps,packages,infra}/**/src/**/*.test.ts'],
          exclude: [...shared.exclude, '**/*.int.test.ts'],
        },
      },
      {
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
