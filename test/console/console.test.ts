import { describe } from 'vitest';
import { describeDatasetScenarios } from './datasets.scenarios.ts';
import { describeLogScenarios } from './logs.scenarios.ts';
import { describeSettingsScenarios } from './settings.scenarios.ts';
import { useConsoleStack } from './shared-stack.ts';

// One file, one fork: two embedded stacks and Chromiums serve the three areas instead of three.
// Not one: the control API lets an address sign up 10 accounts an hour (burst 10), and the three
// areas sign up 12 from 127.0.0.1; each stack below sees 6.
describe('the console on a stack shared by the dataset and log-explorer scenarios', () => {
  const shared = useConsoleStack();
  describeDatasetScenarios(shared);
  describeLogScenarios(shared);
});

describe('the console on a stack of its own for the settings scenarios', () => {
  describeSettingsScenarios(useConsoleStack());
});
