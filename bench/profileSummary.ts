/**
 * Where the CPU time of a `node --cpu-prof` profile went: self time by function and by module (a
 * package in node_modules, a file of ours, node's internals, GC, idle). Run by hand:
 *
 *   npx tsx bench/profileSummary.ts <file.cpuprofile> [top, default 25]
 *
 * The benches write such profiles with BENCH_PROFILE=<dir> (see README "Performance").
 */
import { summarize } from './lib/cpuProfile.js';

console.log(summarize(process.argv[2]!, Number(process.argv[3] ?? 25)));
