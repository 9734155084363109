/**
 * The Ark enforcement simulation at full length, run by hand (the suite runs a short stretch of it):
 *
 *   npx tsx bench/arkEnforcement.ts          (AIRGATE_SIM_SEED, ARK_SIM_DAYS=30, ARK_SIM_INTERVAL=60, ARK_SPLIT_LAG)
 *
 * 50 sub-accounts whose spending is Ark traffic (long-lived keys, temporary keys, some preset endpoints)
 * for 30 days on a virtual clock, once with AirGate's Ark ladder and once with the old lever only
 * (access keys and console login), printed side by side: probe calls accepted through a stopped
 * project's custom endpoints, stops and restores, the worst and the total overspend.
 */
import { runArkSimulation } from '../test/enforcement/simulation.js';
import { loadAverage } from './lib/processes.js';

const seed = Number(process.env.AIRGATE_SIM_SEED ?? 20260520);
const days = Number(process.env.ARK_SIM_DAYS ?? 30);
const intervalMinutes = Number(process.env.ARK_SIM_INTERVAL ?? 60);
const splitLag = process.env.ARK_SPLIT_LAG === undefined ? undefined : Number(process.env.ARK_SPLIT_LAG);

for (const levers of ['ladder', 'keys'] as const) {
  const r = await runArkSimulation({
    kind: 'sqlite',
    seed,
    days,
    subs: 50,
    intervalMinutes,
    levers,
    ...(splitLag === undefined ? {} : { splitBillLagMinutes: splitLag }),
  });
  process.stdout.write(
    `${levers.padEnd(6)} cycles=${r.cycles} stops=${r.stops} restores=${r.restores} allocations=${r.allocations} ` +
      `probes=${r.probes} acceptedAfterStop=${r.callsAfterStop} worstOverspend=${r.worstOverspend?.amount ?? '0'} ` +
      `(${r.worstOverspend?.user ?? '-'}) totalOverspend=${r.totalOverspend} violations=${r.violations.length} ` +
      `wall=${Math.round(r.wallMs / 1000)}s (${loadAverage()}, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB)\n`,
  );
  for (const v of r.violations.slice(0, 5)) process.stdout.write(`  ${v}\n`);
}
