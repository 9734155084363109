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
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', './test/support/plainSummaryReporter.ts'],
  },
});
