import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, started first so that two workers finish together: without a cache of
 * earlier runs (a fresh CI checkout) vitest starts the largest files first, and the long simulations are
 * small files that would otherwise start last and run on alone.
 */
const LONGEST_FIRST = [
  'test/watch/simulation.test.ts',
  'test/watch/simulationMysql.test.ts',
  'test/enforcement/simulation.test.ts',
  'test/enforcement/simulationMysql.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep the base order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
