import { expect } from 'vitest';
import type { DbKind } from '../support/databases.js';
import { runArkSimulation } from './simulation.js';

const SEED = Number(process.env.AIRGATE_SIM_SEED ?? 20260520);
// The suite runs a short stretch (the simulator replays every Ark call); bench/arkEnforcement.ts runs 30 days.
export const DAYS = Number(process.env.AIRGATE_ARK_SIM_DAYS ?? 1);
export const MYSQL_DAYS = Math.min(DAYS, 0.5);
const INTERVAL = Number(process.env.AIRGATE_ARK_SIM_INTERVAL ?? 120);

/**
 * The ladder run (and on SQLite the same run with the old lever only) and what must hold of them. The
 * SQLite and MariaDB runs live in two files so that two workers run them side by side.
 */
export async function simulateAndCheck(kind: DbKind, days: number): Promise<void> {
  // Short runs: small quotas and a 2 h split-bill lag, so that stops happen within the run.
  const base = {
    kind,
    seed: SEED,
    days,
    subs: 50,
    intervalMinutes: INTERVAL,
    splitBillLagMinutes: 120,
    quotaSpread: 30,
  };
  const ladder = await runArkSimulation({ ...base, levers: 'ladder' });
  // the same run with the old lever only (access keys and console login), on SQLite only (time)
  const keys = kind === 'sqlite' ? await runArkSimulation({ ...base, levers: 'keys' }) : null;
  process.stdout.write(
    `ark simulation ${kind}:\n  ladder ${JSON.stringify(ladder)}\n  keys   ${JSON.stringify(keys)}\n`,
  );
  expect(ladder.violations).toEqual([]);
  expect(ladder.stops).toBeGreaterThan(0);
  expect(ladder.restores).toBe(ladder.stops);
  // the old lever alone lets the traffic run on after the disable; the ladder does not
  expect(ladder.callsAfterStop).toBe(0);
  if (keys) expect(keys.callsAfterStop).toBeGreaterThan(0);
}
