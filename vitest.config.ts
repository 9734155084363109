import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time on the 2-core machines this runs on (vitest's own default there is one): most
    // files wait on HTTP, databases and child processes as much as they compute.
    maxWorkers: 2,
    // A worker keeps the modules it loaded from one file to the next instead of loading AirGate, TypeORM,
    // the Feishu SDK and the simulators again for each of ~150 files (that was a sixth of the suite's
    // time). Every file builds its own deps, servers and databases, so no state rides along.
    isolate: false,
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', './test/support/plainSummaryReporter.ts'],
  },
});
