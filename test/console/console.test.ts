import { describeDatasetScenarios } from './datasets.scenarios.ts';
import { describeLogScenarios } from './logs.scenarios.ts';
import { describeSettingsScenarios } from './settings.scenarios.ts';
import { useConsoleStack } from './shared-stack.ts';

// One file, so one embedded stack, one Chromium and one console build serve all three areas: as
// three files they cost three of each, the suite's largest fixed cost on a 2-core machine.
const shared = useConsoleStack();
describeDatasetScenarios(shared);
describeSettingsScenarios(shared);
describeLogScenarios(shared);
