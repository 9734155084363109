import { describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { runSimulation } from './simulation.js';

const SEED = Number(process.env.AIRGATE_SIM_SEED ?? 20260520);
const DAYS = Number(process.env.AIRGATE_SIM_DAYS ?? 30);
const INTERVAL = Number(process.env.AIRGATE_SIM_INTERVAL ?? 60);

describe('deterministic simulation of the spending watch', () => {
  it.each(dbKinds().map((kind) => ({ kind, days: kind === 'sqlite' ? DAYS : Math.min(DAYS, 4) })))(
    '$days days × 50 sub-accounts on $kind: every invariant holds after every cycle',
    async ({ kind, days }) => {
      const report = await runSimulation({ kind, seed: SEED, days, subs: 50, intervalMinutes: INTERVAL });
      process.stdout.write(`simulation ${kind}: ${JSON.stringify(report)}\n`);
      expect(report.violations).toEqual([]);
      expect(report.cycles).toBe((days * 24 * 60) / INTERVAL);
      // the run exercised what it claims to
      expect(report.disables).toBeGreaterThan(0);
      expect(report.enables).toBe(report.disables);
      expect(report.alerts['threshold']).toBeGreaterThan(0);
    },
    600_000,
  );
});
