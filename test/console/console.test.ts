import { describe } from 'vitest';
import { describeDatasetScenarios } from './datasets.scenarios.ts';
import { describeLogScenarios } from './logs.scenarios.ts';
import { describeSettingsScenarios } from './settings.scenarios.ts';
import { useConsoleStack } from './shared-stack.ts';

// One file, one fork, one embedded stack and Chromium for the three areas. The control API lets an
// address sign up 10 accounts an hour (burst 10) and sign in 5 times a minute (burst 5), and the
// areas sign up 12 (each sign-up signs in): the pages of the dataset and settings areas each claim
// an address of their own (X-Forwarded-For, believed from loopback; see consoleDriver).
describe('the console on one embedded stack', () => {
  const shared = useConsoleStack();
  describeDatasetScenarios(shared);
  describeLogScenarios(shared);
  describeSettingsScenarios(shared);
});
