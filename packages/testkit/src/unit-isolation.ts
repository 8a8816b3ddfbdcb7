/** Where unit test files live; files ending in `.int.test.ts` among them are integration tests. */
export const UNIT_TESTS = '{apps,packages,infra}/**/src/**/*.test.ts';

/**
 * Unit files that need a process of their own. The other unit files share their forks (vitest's
 * `isolate: false`): a fork per file spent two thirds of the unit run starting processes and
 * importing (35 s against 15 s on 2 cores). A file that mocks a module (vi.mock), fakes timers or
 * globals, or installs or counts the SDKs' once-per-process exit hooks (a stand-in page on the
 * global object) changes the process for whatever file runs after it, so it is listed here.
 */
export const UNIT_TESTS_ISOLATED = [
  'packages/auth/src/constant-time.test.ts',
  'packages/control-plane/src/read-cache.test.ts',
  'packages/sdk-datasets/src/batcher.test.ts',
  'packages/sdk-datasets/src/page-exit.test.ts',
  'packages/sdk-logger/src/page-exit.test.ts',
  'packages/sdk-runtime/src/exit-hooks.test.ts',
];

/**
 * Calls that change the process for the files after it: mocking a module, faking timers, globals or
 * the environment, a stand-in page for the exit hooks or counting them, a listener on the process.
 */
export const PROCESS_WIDE_CALL =
  /\bvi\.(mock|doMock|useFakeTimers|stubGlobal|stubEnv)\(|\b(standInPage|exitHookMembers)\(|\bprocess\.(on|once)\(/;
