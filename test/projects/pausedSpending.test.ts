import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { toggleAllProjects } from '../../src/services/projects/toggleAllProjects.js';
import { toggleProject } from '../../src/services/projects/toggleProject.js';
import { dbKinds } from '../support/databases.js';
import { auditActions } from '../services/iam/support.js';
import { admin, openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

const HOUR = 3_600_000;
// 2026-05-10 12:00 Shanghai. pa spends ¥1/h on May 10 until noon (12), nothing the rest of that day,
// ¥5/h on May 11 and 12 (240), nothing on May 13.
const START = '2026-05-10T04:00:00Z';
const burns = [
  { project: 'pa', user: 'ua', ratePerHour: '1', since: '2026-05-09T16:00:00Z' },
  { project: 'pa', user: 'ua', ratePerHour: '0', since: '2026-05-10T04:00:00Z' },
  { project: 'pa', user: 'ua', ratePerHour: '5', since: '2026-05-10T16:00:00Z' },
  { project: 'pa', user: 'ua', ratePerHour: '0', since: '2026-05-12T16:00:00Z' },
];

async function percentOf(w: WatchWorld): Promise<string> {
  const q = await getQuota(w.deps, { subAccountId: (await w.sub('ua')).id });
  return q.quota.percent.toFixed(1);
}

/** Pauses pa at May 10 12:00, lets the cycle run every 6 h while it spends, and stops at May 13 09:00. */
async function pausedWorld(
  kind: Parameters<typeof openWatchWorld>[0],
  projects = ['pa'],
  countsFrom = '2026-05-10',
): Promise<WatchWorld> {
  const w = await openWatchWorld(kind, {
    start: START,
    seed: {
      billLagMinutes: 0,
      projects: [{ projectName: 'pa' }, { projectName: 'pb' }],
      users: [simUser('ua')],
      burns,
    },
    settings: { earlyWarningHours: 0 },
  });
  await w.addSub('ua', projects, { quota: '300', countsFrom });
  await w.check();
  expect(await percentOf(w)).toBe('4.0');
  const sub = await w.sub('ua');
  await toggleProject(w.deps, { actor: admin, subAccountId: sub.id, projectName: 'pa', monitored: false });
  for (let i = 0; i < 11; i++) {
    await w.advance(6 * HOUR);
    await w.check();
  }
  await w.advance(3 * HOUR); // May 13 09:00 Shanghai
  await w.check();
  return w;
}

describe.each(dbKinds())('resuming a paused project (%s)', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('asks first; "does not count" keeps the percent it had when paused, through later cycles', async () => {
    w = await pausedWorld(kind);
    const sub = await w.sub('ua');
    const ask = await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pa',
      monitored: true,
    });
    expect(ask.changed).toBe(false);
    expect(ask.ask?.map((a) => [a.skipFrom, a.skipTo, a.spending?.toFixed(2)])).toEqual([
      ['2026-05-11', '2026-05-12', '240.00'],
    ]);
    expect(ask.project.monitored).toBe(false);
    // May 12 is within the split bill's lag: the figure may still grow.
    expect(ask.ask?.[0]?.provisional).toBe(true);

    const r = await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pa',
      monitored: true,
      pausedSpending: 'skip',
    });
    expect(r.changed).toBe(true);
    expect(await percentOf(w)).toBe('4.0');
    // The sweep keeps the skipped days out, including a late revision of one of them.
    w.volc.revise({ project: 'pa', date: '2026-05-12', amount: '150' });
    await w.check();
    await w.advance(6 * HOUR);
    await w.check();
    expect(await percentOf(w)).toBe('4.0');
    expect(await auditActions(w.deps, sub.id)).toEqual(
      expect.arrayContaining(['project.toggle', 'project.paused_spending']),
    );
  });

  it('a project counting from before the month keeps a revision of a skipped day out once the day closed', async () => {
    w = await pausedWorld(kind, ['pa'], '2026-04-20');
    const sub = await w.sub('ua');
    await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pa',
      monitored: true,
      pausedSpending: 'skip',
    });
    for (let i = 0; i < 12; i++) {
      await w.advance(6 * HOUR);
      await w.check();
    }
    expect(await percentOf(w)).toBe('4.0');
    // May 16: May 12 is closed (past the split bill's lag); its revision must not land on a counted day.
    w.volc.revise({ project: 'pa', date: '2026-05-12', amount: '150' });
    await w.check();
    await w.check();
    expect(await percentOf(w)).toBe('4.0');
  });

  it('a project paused before pauses were recorded takes its pause from the audit log', async () => {
    w = await pausedWorld(kind);
    await w.deps.db.query('DELETE FROM project_pauses');
    const sub = await w.sub('ua');
    const resume = (pausedSpending?: 'skip') =>
      toggleProject(w.deps, {
        actor: admin,
        subAccountId: sub.id,
        projectName: 'pa',
        monitored: true,
        ...(pausedSpending ? { pausedSpending } : {}),
      });
    const ask = await resume();
    expect(
      ask.ask?.map((a) => [a.pausedAt.toISOString(), a.skipFrom, a.skipTo, a.spending?.toFixed(2)]),
    ).toEqual([['2026-05-10T04:00:00.000Z', '2026-05-11', '2026-05-12', '240.00']]);
    expect((await resume('skip')).changed).toBe(true);
    expect(await percentOf(w)).toBe('4.0');
    await w.check();
    expect(await percentOf(w)).toBe('4.0');
  });

  it('"counts" adds the paused days at once, and the ledger is not touched', async () => {
    w = await pausedWorld(kind);
    const sub = await w.sub('ua');
    const balance = sub.balance.toFixed(2);
    await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pa',
      monitored: true,
      pausedSpending: 'count',
    });
    expect(await percentOf(w)).toBe('84.0');
    await w.check();
    expect(await percentOf(w)).toBe('84.0');
    expect((await w.sub('ua')).balance.toFixed(2)).toBe(balance);
  });

  it('two clicks at once, one of each, resume once with one decision', async () => {
    w = await pausedWorld(kind);
    const sub = await w.sub('ua');
    const click = (d: 'count' | 'skip') =>
      toggleProject(w.deps, {
        actor: admin,
        subAccountId: sub.id,
        projectName: 'pa',
        monitored: true,
        pausedSpending: d,
      });
    const results = await Promise.all([click('skip'), click('count'), click('skip')]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const decisions = (await auditActions(w.deps, sub.id)).filter((a) => a === 'project.paused_spending');
    expect(decisions).toHaveLength(1);
    const pct = await percentOf(w);
    expect(['4.0', '84.0']).toContain(pct);
    await w.check();
    expect(await percentOf(w)).toBe(pct);
  });

  it('resume-all asks once for every paused project, and one answer applies to all', async () => {
    w = await pausedWorld(kind, ['pa', 'pb']);
    const sub = await w.sub('ua');
    const ask = await toggleAllProjects(w.deps, { actor: admin, subAccountId: sub.id, monitored: true });
    expect(ask.changed).toEqual([]);
    expect(ask.ask?.map((a) => a.projectName)).toEqual(['pa']);
    const r = await toggleAllProjects(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      monitored: true,
      pausedSpending: 'skip',
    });
    expect(r.changed).toEqual(['pa']);
    expect(await percentOf(w)).toBe('4.0');
    const again = await toggleAllProjects(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      monitored: true,
      pausedSpending: 'count',
    });
    expect(again.changed).toEqual([]);
    expect(await percentOf(w)).toBe('4.0');
  });

  it('a paused project with nothing on the bill yet is asked, its spending unknown (the bill is up to 2 days late)', async () => {
    w = await openWatchWorld(kind, {
      start: START,
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'pa' }, { projectName: 'pb' }],
        users: [simUser('ua')],
        burns,
      },
    });
    await w.addSub('ua', ['pa', 'pb'], { quota: '300', countsFrom: '2026-05-10' });
    const sub = await w.sub('ua');
    const toggle = (monitored: boolean) =>
      toggleProject(w.deps, { actor: admin, subAccountId: sub.id, projectName: 'pb', monitored });
    await toggle(false);
    for (let i = 0; i < 12; i++) {
      await w.advance(6 * HOUR);
      await w.check();
    }
    // Nothing on the bill for the paused days, but the last of them (yesterday) is always within the split
    // bill's 2-day lag: "nothing" may still grow, so the question is asked with the spending unknown.
    const r = await toggle(true);
    expect(r.changed).toBe(false);
    expect(r.ask?.map((a) => [a.skipFrom, a.skipTo, a.spending, a.provisional])).toEqual([
      ['2026-05-11', '2026-05-12', null, true],
    ]);
    const skip = await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pb',
      monitored: true,
      pausedSpending: 'skip',
    });
    expect(skip.changed).toBe(true);
  });

  it('a pause without whole days between pause and resume resumes without asking', async () => {
    w = await openWatchWorld(kind, {
      start: START,
      seed: { billLagMinutes: 0, projects: [{ projectName: 'pa' }], users: [simUser('ua')], burns },
    });
    await w.addSub('ua', ['pa'], { quota: '300', countsFrom: '2026-05-10' });
    const sub = await w.sub('ua');
    await toggleProject(w.deps, { actor: admin, subAccountId: sub.id, projectName: 'pa', monitored: false });
    await w.advance(20 * HOUR); // May 11 08:00 Shanghai: the next day, no whole day between
    const r = await toggleProject(w.deps, {
      actor: admin,
      subAccountId: sub.id,
      projectName: 'pa',
      monitored: true,
    });
    expect(r.changed).toBe(true);
    expect(r.ask).toBeUndefined();
    const open = await withReader(w.deps.db, (m) => m.query('SELECT decision FROM project_pauses'));
    expect(open).toEqual([{ decision: 'count' }]);
  });
});
