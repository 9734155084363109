import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { layerVersionsRepo } from '../../src/db/repos/layerVersions.js';
import { projectPausesRepo } from '../../src/db/repos/projectPauses.js';
import { spendingLayersRepo } from '../../src/db/repos/spendingLayers.js';
import { readSubAccountLayerInputs } from '../../src/db/repos/subAccountLayers.js';
import {
  loadLayersOfMany,
  loadStoredLayers,
  loadSubAccountLayers,
  storedLayersWindow,
} from '../../src/services/spending/readLayers.js';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { storeSubAccountLayers } from '../../src/services/spending/storeSubLayers.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { dbKinds } from '../support/databases.js';
import { recordPrepared, recordStatementsWithValues } from '../support/statements.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';
import { givenProject } from '../support/factories.js';

const MODELS = ['doubao-seed-1-6', 'doubao-seedance-1-0-pro'];
const OTHERS = 40;

/**
 * GET /api/v1/subaccounts/{name} of a sub-account whose projects have fresh estimates (Ark usage the split
 * bill has not caught up with), on a main account where many other projects have them too: what the watch
 * cycle leaves when every project uses Ark.
 */
describe.each(dbKinds())('GET /api/v1/subaccounts/{name} with fresh estimates on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  let alice: SubAccountDto;
  let bob: SubAccountDto;
  const otherProjects = Array.from({ length: OTHERS }, (_, i) => `bob-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    const account = await givenAccount(h.deps, 'main-a');
    alice = await givenSubAccount(h.deps, {
      userName: 'alice',
      accountId: account.id,
      projects: { 'alice-web': '3', 'alice-api': '1.5', 'alice-paused': '0.5', 'alice-old': '9' },
      unmonitored: ['alice-old'],
    });
    bob = await givenSubAccount(h.deps, {
      userName: 'bob',
      accountId: account.id,
      projects: Object.fromEntries(otherProjects.map((p) => [p, '1'])),
    });
    const now = h.clock.now();
    const { days } = storedLayersWindow(now);
    const estimated = ['alice-web', 'alice-api', 'alice-paused', 'alice-old', ...otherProjects];
    await inTransaction(h.deps.db, async (tx) => {
      await spendingLayersRepo.upsertEstimates(
        tx,
        estimated.flatMap((projectName) =>
          days.flatMap((day) =>
            MODELS.map((model) => ({
              accountId: account.id,
              projectName,
              day,
              model,
              estimated: money('2.5'),
              arkFinal: money('0.25'),
              usageAsOf: now,
              billedSpan: money(day === days.at(-1) ? '1' : '0'),
            })),
          ),
        ),
        now,
      );
      // Errors over closed days of the second model (the first has the bill detail's ratio): alice's
      // projects were over-estimated by half, bob's by a tenth; alice-api has none and takes the model's
      // calibration.
      await spendingLayersRepo.saveErrors(
        tx,
        estimated
          .filter((projectName) => projectName !== 'alice-api')
          .map((projectName) => ({
            accountId: account.id,
            projectName,
            model: MODELS[1]!,
            estimated: money('10'),
            finalAmount: money(projectName.startsWith('alice') ? '5' : '9'),
            lastDay: days[0]!,
            updatedAt: now,
          })),
      );
      await spendingLayersRepo.saveCalibration(tx, {
        accountId: account.id,
        model: MODELS[1]!,
        ratio: money('0.8'),
        estimated: money('100'),
        finalAmount: money('80'),
        lastDay: days[0]!,
        updatedAt: now,
      });
      // The bill detail of the last open day, read up to now: its first model billed at 90 % of the estimate.
      await spendingLayersRepo.upsertBilled(
        tx,
        [MODELS[0]!, '*'].map((model) => ({
          accountId: account.id,
          day: days.at(-1)!,
          model,
          billed: money('9'),
          estimated: money('10'),
          spanUntil: now,
          readAt: now,
        })),
      );
      // Paused projects whose skipped day (the day they count from) is left out of the estimate: one of
      // alice's, one of bob's.
      const projects = await h.deps.repos.projects.listBySubAccounts(tx, [alice.id, bob.id]);
      for (const p of [
        projects.get(alice.id)!.find((x) => x.projectName === 'alice-paused')!,
        projects.get(bob.id)![0]!,
      ]) {
        const pause = await projectPausesRepo.open(
          tx,
          {
            projectId: p.id,
            subAccountId: p.subAccountId,
            accountId: account.id,
            projectName: p.projectName,
          },
          now,
        );
        await projectPausesRepo.close(
          tx,
          { id: pause, accountId: account.id },
          { decision: 'skip', skipFrom: days.at(-1)!, skipTo: days.at(-1)! },
          now,
        );
      }
    });
  });
  afterAll(async () => h?.close());

  it('shows the estimate, the same figures as the spending the watch counts and as the "account/user" path', async () => {
    const plain = await h.call('/api/v1/subaccounts/alice', { key });
    expect(plain.status).toBe(200);
    const layers = await withReader(h.deps.db, async (m) =>
      loadStoredLayers(m, await h.deps.repos.projects.listBySubAccount(m, alice.id), h.clock.now()),
    );
    expect(Number(plain.body.estimated)).toBeGreaterThan(0);
    expect(Number(plain.body.billed)).toBeGreaterThan(0);
    expect(plain.body).toMatchObject({
      spent: String(layers.spent),
      final: String(layers.final),
      estimated: String(layers.estimated),
      billed: String(layers.billed),
      billedAsOf: layers.billedAsOf?.toISOString(),
      estimatedAsOf: h.clock.now().toISOString(),
    });
    const qualified = await h.call('/api/v1/subaccounts/main-a%2Falice', { key });
    expect(qualified.text).toBe(plain.text);
  });

  /** What any write of the stored layers does: the next read computes them again (cachedSubAccountLayers). */
  const layersWritten = () =>
    inTransaction(h.deps.db, (tx) => layerVersionsRepo.changed(tx, [alice.accountId]));

  it("reads the layers of the sub-account's own projects in one statement, never the main account's others", async () => {
    await h.call('/api/v1/subaccounts/alice', { key });
    await layersWritten();
    const seen = recordStatementsWithValues(h.deps.db);
    expect((await h.call('/api/v1/subaccounts/alice', { key })).status).toBe(200);
    // (The key check and the read of the sub-account and its projects read no layer table.)
    const reads = seen.filter(
      (s) =>
        !/\bsub_accounts\b/.test(s.sql) &&
        /FROM\s+[`"]?(spending_estimates|spending_errors|project_pauses|spending_billed|spending_calibrations)[`"]?/i.test(
          s.sql,
        ),
    );
    expect(reads).toHaveLength(1);
    const [layers] = reads;
    for (const table of ['spending_estimates', 'spending_errors', 'project_pauses', 'spending_billed'])
      expect(layers!.sql).toContain(table);
    expect(layers!.values).toContain(alice.id);
    const others = new Set<unknown>([...otherProjects, bob.id]);
    expect(layers!.values.filter((v) => others.has(v))).toEqual([]);
  });

  it("reads the layer rows of the sub-account's monitored projects and of their main account, no other", async () => {
    const { days } = storedLayersWindow(h.clock.now());
    const inputs = await withReader(h.deps.db, (m) =>
      readSubAccountLayerInputs(m, alice.id, [alice.accountId], {
        sinceDay: days[0]!,
        untilDay: days.at(-1)!,
      }),
    );
    expect([...inputs.keys()]).toEqual([alice.accountId]);
    const mine = inputs.get(alice.accountId)!;
    const monitored = ['alice-api', 'alice-paused', 'alice-web'];
    expect([...new Set(mine.estimates.map((e) => e.projectName))].sort()).toEqual(monitored);
    expect(mine.estimates).toHaveLength(monitored.length * days.length * MODELS.length);
    expect(mine.errors.map((e) => e.projectName).sort()).toEqual(['alice-paused', 'alice-web']);
    const paused = (
      await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
    ).find((p) => p.projectName === 'alice-paused')!;
    expect([...mine.skipped]).toEqual([[paused.id, [{ from: days.at(-1), to: days.at(-1) }]]]);
    expect(mine.billed.map((b) => b.model).sort()).toEqual(['*', MODELS[0]]);
    expect(mine.calibrations.map((c) => [c.model, String(c.ratio)])).toEqual([[MODELS[1], '0.8']]);
  });

  it('counts only the projects it is given, as loadStoredLayers does, when the database has more', async () => {
    // The caller read the projects before one was added or turned on: its rows are read, not counted.
    const [first, ...given] = await withReader(h.deps.db, (m) =>
      h.deps.repos.projects.listBySubAccount(m, alice.id),
    );
    expect(first!.monitored).toBe(true);
    // Its usage is the freshest: were it counted, "estimated as of" would say so.
    const { days } = storedLayersWindow(h.clock.now());
    const later = (usageAsOf: Date) =>
      inTransaction(h.deps.db, (tx) =>
        spendingLayersRepo.upsertEstimates(
          tx,
          [
            {
              accountId: alice.accountId,
              projectName: first!.projectName,
              day: days.at(-1)!,
              model: MODELS[0]!,
              estimated: money('2.5'),
              arkFinal: money('0.25'),
              usageAsOf,
              billedSpan: money('1'),
            },
          ],
          h.clock.now(),
        ),
      );
    await later(new Date(h.clock.now().getTime() + 60_000));
    try {
      const [fromOne, fromFive] = await withReader(h.deps.db, (m) =>
        Promise.all([
          loadSubAccountLayers(m, alice.id, given, h.clock.now()),
          loadStoredLayers(m, given, h.clock.now()),
        ]),
      );
      expect(fromOne).toEqual(fromFive);
      expect(fromOne.estimatedAsOf).toEqual(h.clock.now());
    } finally {
      await later(h.clock.now());
    }
  });

  it('reads a sub-account whose projects are in two main accounts once per account, with the same figures', async () => {
    const [a, b] = [await givenAccount(h.deps, 'main-c'), await givenAccount(h.deps, 'main-d')];
    const carol = await givenSubAccount(h.deps, {
      userName: 'carol',
      accountId: a.id,
      projects: { 'carol-c': '2' },
    });
    await givenProject(h.deps, { id: carol.id, accountId: b.id }, 'carol-d', { spent: '1' });
    const now = h.clock.now();
    const { days } = storedLayersWindow(now);
    await inTransaction(h.deps.db, async (tx) => {
      for (const [account, projectName, estimate] of [
        [a, 'carol-c', '1.25'],
        [b, 'carol-d', '0.75'],
      ] as const) {
        await spendingLayersRepo.upsertEstimates(
          tx,
          days.map((day) => ({
            accountId: account.id,
            projectName,
            day,
            model: MODELS[1]!,
            estimated: money(estimate),
            arkFinal: money('0'),
            usageAsOf: now,
          })),
          now,
        );
        // Each account's own calibration: a read that mixed them up would count the other's ratio.
        await spendingLayersRepo.saveCalibration(tx, {
          accountId: account.id,
          model: MODELS[1]!,
          ratio: money(account === a ? '0.5' : '2'),
          estimated: money('10'),
          finalAmount: money(account === a ? '5' : '20'),
          lastDay: days[0]!,
          updatedAt: now,
        });
      }
    });
    const projects = await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, carol.id));
    expect(new Set(projects.map((p) => p.accountId))).toEqual(new Set([a.id, b.id]));
    const seen = recordStatementsWithValues(h.deps.db);
    const [fromOne, fromFive] = await withReader(h.deps.db, (m) =>
      Promise.all([loadSubAccountLayers(m, carol.id, projects, now), loadStoredLayers(m, projects, now)]),
    );
    expect(fromOne).toEqual(fromFive);
    expect(Number(fromOne.estimated)).toBeGreaterThan(0);
    const oneStatement = seen.filter((s) =>
      /\bspending_estimates\b[\s\S]*\bspending_calibrations\b/.test(s.sql),
    );
    expect(oneStatement.map((s) => s.values.filter((v) => v === a.id || v === b.id)[0]).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });

  it("airgate check reads every sub-account's layers in five statements per main account, with the same figures", async () => {
    const projects = await withReader(h.deps.db, (m) =>
      h.deps.repos.projects.listBySubAccounts(m, [alice.id, bob.id]),
    );
    const seen = recordStatementsWithValues(h.deps.db);
    const many = await withReader(h.deps.db, (m) => loadLayersOfMany(m, projects, h.clock.now()));
    const layerReads = seen.filter((s) =>
      /\b(spending_estimates|spending_errors|spending_billed|spending_calibrations|project_pauses)\b/.test(
        s.sql,
      ),
    );
    expect(layerReads).toHaveLength(5);
    for (const sub of [alice, bob]) {
      const one = await withReader(h.deps.db, (m) =>
        loadStoredLayers(m, projects.get(sub.id)!, h.clock.now()),
      );
      expect(many.get(sub.id)).toEqual(one);
    }
    expect(Number(many.get(bob.id)!.estimated)).toBeGreaterThan(0);
  });

  it("the quota card's view counts the same layers, read in one statement", async () => {
    const seen = recordStatementsWithValues(h.deps.db);
    const view = await getQuota(h.deps, { subAccountId: alice.id });
    const layerReads = seen.filter((s) => /\bspending_(estimates|errors|billed|calibrations)\b/.test(s.sql));
    expect(layerReads).toHaveLength(1);
    const oracle = await withReader(h.deps.db, async (m) =>
      loadStoredLayers(m, await h.deps.repos.projects.listBySubAccount(m, alice.id), h.clock.now()),
    );
    expect(view.layers).toEqual(oracle);
    expect(Number(view.layers!.estimated)).toBeGreaterThan(0);
  });

  it.runIf(kind === 'mysql')(
    'answers in four prepared statements once its layers were written: the key check and the read ahead (sent together), the layers the cycle stored (stale), then the layers computed',
    async () => {
      await h.call('/api/v1/subaccounts/alice', { key });
      await layersWritten();
      const prepared = await recordPrepared(h.deps.db);
      const seen = recordStatementsWithValues(h.deps.db);
      try {
        expect((await h.call('/api/v1/subaccounts/alice', { key })).status).toBe(200);
      } finally {
        prepared.stop();
      }
      // The global thresholds come from a one-second cache: whether it refills during the test is timing.
      const statements = seen.filter((s) => !/FROM\s+[`"]?settings[`"]?/i.test(s.sql));
      expect(statements).toHaveLength(4);
      expect(prepared.texts.filter((t) => !/FROM `settings`/.test(t))).toEqual(statements.map((s) => s.sql));
      expect(statements.slice(0, 2).map((s) => s.sql)).toEqual([
        expect.stringMatching(/FROM api_keys WHERE prefix IN \(\?\)$/),
        expect.stringMatching(/WHERE s\.user_name IN \(\?\)$/),
      ]);
      expect(statements[2]!.sql).toMatch(/FROM sub_account_layers WHERE sub_account_id IN \(\?\)$/);
    },
  );

  /** The layer inputs' statements a run made (the read of the sub-account and the key check read none). */
  const layerReadsIn = (seen: Array<{ sql: string }>) =>
    seen.filter(
      (s) =>
        !/\bsub_accounts\b/.test(s.sql) &&
        /FROM\s+[`"]?(spending_estimates|spending_errors|project_pauses|spending_billed|spending_calibrations)[`"]?/i.test(
          s.sql,
        ),
    );

  /**
   * Reads `sub` and checks its figures are those the general path (no kept or stored layers) computes; with
   * how many statements of layer rows the read made.
   */
  const readMatchingLive = async (
    sub: SubAccountDto,
  ): Promise<Record<string, unknown> & { layerReads: number }> => {
    const seen = recordStatementsWithValues(h.deps.db);
    const res = await h.call(`/api/v1/subaccounts/${sub.userName}`, { key });
    expect(res.status).toBe(200);
    const layerReads = layerReadsIn(seen).length;
    const live = await withReader(h.deps.db, async (m) =>
      loadStoredLayers(m, await h.deps.repos.projects.listBySubAccount(m, sub.id), h.clock.now()),
    );
    expect(res.body).toMatchObject({
      spent: String(live.spent),
      final: String(live.final),
      estimated: String(live.estimated),
      billed: String(live.billed),
      billedAsOf: live.billedAsOf?.toISOString(),
      estimatedAsOf: live.estimatedAsOf?.toISOString(),
      finalAsOf: live.finalAsOf,
    });
    return { ...(res.body as Record<string, unknown>), layerReads };
  };

  /** What a watch cycle does: writes the account's layer rows (the counter moves), then stores the layers. */
  const cycle = async () => {
    await layersWritten();
    // One sub-account at a time, as an account of thousands is taken 250 at a time.
    expect(await storeSubAccountLayers(h.deps, alice.accountId, h.clock.now(), 1)).toBe(2);
  };

  it('answers the first read after a cycle from the layers the cycle stored: the same figures, not computed again', async () => {
    await cycle();
    for (const sub of [alice, bob]) {
      const read = await readMatchingLive(sub);
      expect(Number(read.estimated)).toBeGreaterThan(0);
      expect(read.layerReads).toBe(0);
    }
  });

  it('computes the layers itself once what they were stored from changed: the rows, a project, the open days', async () => {
    // The account's rows written again after the cycle (a pause decided, a sweep): the counter moved.
    await cycle();
    await layersWritten();
    expect((await readMatchingLive(alice)).layerReads).toBe(1);

    // A project's monitoring turned off after the cycle: its estimate no longer counts.
    await cycle();
    const before = await readMatchingLive(alice);
    expect(before.layerReads).toBe(0);
    const api = (
      await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
    ).find((p) => p.projectName === 'alice-api')!;
    const monitor = (on: boolean) =>
      inTransaction(h.deps.db, (tx) =>
        h.deps.repos.projects.setMonitored(tx, { id: api.id }, on, h.clock.now()),
      );
    await monitor(false);
    try {
      const after = await readMatchingLive(alice);
      expect(after.layerReads).toBe(1);
      expect(after.estimated).not.toBe(before.estimated);
    } finally {
      await monitor(true);
    }

    // The next Shanghai midnight: the open days move.
    await cycle();
    const day = 24 * 3_600_000;
    const shanghai = h.clock.now().getTime() + 8 * 3_600_000;
    h.clock.advance(Math.ceil(shanghai / day) * day - shanghai);
    const moved = await readMatchingLive(alice);
    expect(moved.layerReads).toBe(1);
    expect(moved.finalAsOf).not.toBe(before.finalAsOf);
  });

  it("deletes a sub-account's stored layers once the cycle no longer stores them", async () => {
    await cycle();
    const stored = () =>
      withReader(h.deps.db, async (m) =>
        (
          (await m.query('SELECT sub_account_id AS id FROM sub_account_layers WHERE account_id = ?', [
            alice.accountId,
          ])) as Array<{ id: string }>
        )
          .map((r) => r.id)
          .sort(),
      );
    expect(await stored()).toEqual([alice.id, bob.id].sort());
    // Alice's monitoring turned off everywhere: her layers are the bill alone, computed without a statement.
    const monitor = (on: boolean) =>
      inTransaction(h.deps.db, (tx) =>
        h.deps.repos.projects.setMonitored(tx, { subAccountId: alice.id }, on, h.clock.now()),
      );
    const monitored = (
      await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
    ).filter((p) => p.monitored);
    await monitor(false);
    try {
      await layersWritten();
      expect(await storeSubAccountLayers(h.deps, alice.accountId, h.clock.now())).toBe(1);
      expect(await stored()).toEqual([bob.id]);
    } finally {
      await monitor(true);
      for (const p of await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id)))
        if (!monitored.some((q) => q.id === p.id))
          await inTransaction(h.deps.db, (tx) =>
            h.deps.repos.projects.setMonitored(tx, { id: p.id }, false, h.clock.now()),
          );
    }
  });
});
