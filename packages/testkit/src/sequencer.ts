import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run far longer than their size says, started before everything else: vitest orders
 * a clean clone's files by size, and a long file started last leaves one fork alone at the end.
 * The console file is a few lines that run every browser scenario (minutes) on shared stacks.
 */
const RUN_FIRST = ['test/console/console.test.ts'];

const rank = (spec: TestSpecification) => {
  const index = RUN_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
  return index === -1 ? RUN_FIRST.length : index;
};

/** vitest's own order (failed, then longest by cached duration or size), the RUN_FIRST files ahead. */
export class LongFilesFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
