import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { watchRepo } from '../../src/db/repos/watch.js';
import { createScheduler, type Scheduler } from '../../src/jobs/schedule.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { admin, openWatchWorld, type WatchWorld } from './support.js';

async function cycles(w: WatchWorld): Promise<number> {
  return (await withReader(w.deps.db, (m) => watchRepo.recentCycles(m, 1000))).length;
}

async function until(fn: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('the Bree schedule', () => {
  let w: WatchWorld;
  let s: Scheduler | undefined;
  afterEach(async () => {
    await s?.stop();
    await w?.close();
  });

  it('runs a check at the interval in settings, and a changed interval takes effect without a restart', async () => {
    w = await openWatchWorld('sqlite', { settings: { checkIntervalMinutes: 10 } });
    s = createScheduler(w.deps, { tickMs: 40, firstTickMs: 1 });
    await s.start();
    await until(async () => (await cycles(w)) === 1);

    // 5 minutes later (AirGate's clock) nothing is due yet, however many ticks pass.
    await w.advance(5 * 60_000);
    await sleep(300);
    expect(await cycles(w)).toBe(1);

    // At 10 minutes it is.
    await w.advance(5 * 60_000);
    await until(async () => (await cycles(w)) === 2);

    // The interval becomes 2 minutes while running: 3 minutes on, a cycle runs without any restart.
    await updateSettings(w.deps, { actor: admin, patch: { checkIntervalMinutes: 2 } });
    await w.advance(3 * 60_000);
    await until(async () => (await cycles(w)) === 3);
    await sleep(200);
    expect(await cycles(w)).toBe(3);
    const triggers = (await withReader(w.deps.db, (m) => watchRepo.recentCycles(m, 10))).map(
      (c) => c.trigger,
    );
    expect(triggers).toEqual(['schedule', 'schedule', 'schedule']);
  });
});
