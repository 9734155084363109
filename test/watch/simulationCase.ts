import { expect } from 'vitest';
import type { DbKind } from '../support/databases.js';
import { runSimulation } from './simulation.js';

export const SEED = Number(process.env.AIRGATE_SIM_SEED ?? 20260520);
export const DAYS = Number(process.env.AIRGATE_SIM_DAYS ?? 30);
export const INTERVAL = Number(process.env.AIRGATE_SIM_INTERVAL ?? 60);
/** MariaDB runs a shorter stretch (its commits are slower); SQLite runs the whole month. */
export const MYSQL_DAYS = Math.min(DAYS, 4);

/**
 * One simulation run and what must hold of it. The SQLite and MariaDB runs live in two files so that
 * two workers run them side by side.
 */
export async function simulateAndCheck(kind: DbKind, days: number): Promise<void> {
  const report = await runSimulation({ kind, seed: SEED, days, subs: 50, intervalMinutes: INTERVAL });
  process.stdout.write(`simulation ${kind}: ${JSON.stringify(report)}\n`);
  expect(report.violations).toEqual([]);
  expect(report.cycles).toBe((days * 24 * 60) / INTERVAL);
  // the run exercised what it claims to
  expect(report.disables).toBeGreaterThan(0);
  expect(report.enables).toBe(report.disables);
  expect(report.alerts['threshold']).toBeGreaterThan(0);
}
