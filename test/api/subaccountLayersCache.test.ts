import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/dataSource.js';
import { SpendingEstimate } from '../../src/db/entities/spendingEstimate.js';
import { layerVersionsRepo } from '../../src/db/repos/layerVersions.js';
import { projectPausesRepo } from '../../src/db/repos/projectPauses.js';
import { spendingLayersRepo, type EstimateRow } from '../../src/db/repos/spendingLayers.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { inTransaction, withReader, writeAlone } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { loadStoredLayers, storedLayersWindow } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

const MODEL = 'doubao-seed-1-6';

/**
 * GET /api/v1/subaccounts/{name} keeps a sub-account's stored layers (the estimate over the open days)
 * between reads while nothing they are computed from changes, and shows every change on the next read:
 * what the watch stores, a paused project's skipped days, the bill's spent, monitoring, the day.
 */
describe.each(dbKinds())(
  'GET /api/v1/subaccounts/{name}: the stored layers kept between reads on %s',
  (kind) => {
    let h: ApiHarness;
    let key: string;
    let accountId: string;
    let alice: SubAccountDto;

    /** The layer inputs' statements (SELECTs of the estimates; the read of the sub-account reads none). */
    const layerReads = (seen: string[]) =>
      seen.filter(
        (q) => !/\bsub_accounts\b/.test(q) && /\bspending_estimates\b/.test(q) && /^\s*SELECT/i.test(q),
      );

    /** What the general path (no cache) computes for alice now. */
    const live = () =>
      withReader(h.deps.db, async (m) =>
        loadStoredLayers(m, await h.deps.repos.projects.listBySubAccount(m, alice.id), h.clock.now()),
      );

    const read = async () => {
      const res = await h.call('/api/v1/subaccounts/alice', { key });
      expect(res.status).toBe(200);
      return res;
    };

    /** Reads alice and checks the answer has the figures the general path computes. */
    const readMatchingLive = async () => {
      const res = await read();
      const layers = await live();
      expect(res.body).toMatchObject({
        spent: String(layers.spent),
        final: String(layers.final),
        estimated: String(layers.estimated),
        billed: String(layers.billed),
      });
      return res;
    };

    const estimates = (amount: string, projects = ['alice-web', 'alice-api']): EstimateRow[] => {
      const now = h.clock.now();
      return projects.flatMap((projectName) =>
        storedLayersWindow(now).days.map((day) => ({
          accountId,
          projectName,
          day,
          model: MODEL,
          estimated: money(amount),
          arkFinal: money('0.5'),
          usageAsOf: now,
          billedSpan: money('0'),
        })),
      );
    };

    beforeAll(async () => {
      h = await openApiHarness(kind);
      key = (await givenKey(h.deps, ['read'])).key;
      accountId = (await givenAccount(h.deps, 'main-a')).id;
      alice = await givenSubAccount(h.deps, {
        userName: 'alice',
        accountId,
        projects: { 'alice-web': '3', 'alice-api': '1.5' },
      });
      await inTransaction(h.deps.db, (tx) =>
        spendingLayersRepo.upsertEstimates(tx, estimates('2'), h.clock.now()),
      );
    });
    afterAll(async () => h?.close());

    it('reads the layers once, then answers the same body without reading them while nothing changes', async () => {
      const seen = recordStatements(h.deps.db);
      const first = await readMatchingLive();
      expect(Number(first.body.estimated)).toBeGreaterThan(0);
      const afterFirst = layerReads(seen).length;
      const again = [await read(), await read()];
      expect(layerReads(seen)).toHaveLength(afterFirst);
      for (const res of again) expect(res.text).toBe(first.text);
    });

    it('answers the bill alone for a sub-account of the same main account without estimates, then keeps it too', async () => {
      await givenSubAccount(h.deps, { userName: 'bob', accountId, projects: { 'bob-web': '2' } });
      const seen = recordStatements(h.deps.db);
      const first = await h.call('/api/v1/subaccounts/bob', { key });
      expect(first.body).toMatchObject({ spent: '2', final: '2', estimated: '0', billed: '0' });
      expect(layerReads(seen)).toHaveLength(1);
      expect((await h.call('/api/v1/subaccounts/bob', { key })).text).toBe(first.text);
      expect(layerReads(seen)).toHaveLength(1);
    });

    it('shows a new estimate the watch stores on the next read', async () => {
      const before = await read();
      await inTransaction(h.deps.db, (tx) =>
        spendingLayersRepo.upsertEstimates(tx, estimates('7'), h.clock.now()),
      );
      const after = await readMatchingLive();
      expect(after.body.estimated).not.toBe(before.body.estimated);
    });

    it('shows a change written by another process (another connection pool on the same database)', async () => {
      const before = await read();
      const other: DataSource = createDataSource(h.deps.config.database);
      await other.initialize();
      try {
        await inTransaction(other, (tx) =>
          spendingLayersRepo.upsertEstimates(tx, estimates('11'), h.clock.now()),
        );
      } finally {
        await other.destroy();
      }
      const after = await readMatchingLive();
      expect(after.body.estimated).not.toBe(before.body.estimated);
    });

    it("shows a paused project's skipped days, and its calibration and errors, on the next read", async () => {
      const { days } = storedLayersWindow(h.clock.now());
      const before = await read();
      const api = (
        await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
      ).find((p) => p.projectName === 'alice-api')!;
      await inTransaction(h.deps.db, async (tx) => {
        const id = await projectPausesRepo.open(
          tx,
          { projectId: api.id, subAccountId: alice.id, accountId, projectName: api.projectName },
          h.clock.now(),
        );
        await projectPausesRepo.close(
          tx,
          { id, accountId },
          { decision: 'skip', skipFrom: days[0]!, skipTo: days.at(-1)! },
          h.clock.now(),
        );
      });
      const skipped = await readMatchingLive();
      expect(skipped.body.estimated).not.toBe(before.body.estimated);

      await inTransaction(h.deps.db, (tx) =>
        spendingLayersRepo.saveCalibration(tx, {
          accountId,
          model: MODEL,
          ratio: money('0.5'),
          estimated: money('10'),
          finalAmount: money('5'),
          lastDay: days[0]!,
          updatedAt: h.clock.now(),
        }),
      );
      const calibrated = await readMatchingLive();
      expect(calibrated.body.estimated).not.toBe(skipped.body.estimated);

      await inTransaction(h.deps.db, (tx) =>
        spendingLayersRepo.saveErrors(tx, [
          {
            accountId,
            projectName: 'alice-web',
            model: MODEL,
            estimated: money('10'),
            finalAmount: money('2'),
            lastDay: days[0]!,
            updatedAt: h.clock.now(),
          },
        ]),
      );
      const corrected = await readMatchingLive();
      expect(corrected.body.estimated).not.toBe(calibrated.body.estimated);
    });

    it("keeps the counter when a pause closes with its spending counted: none of the layers' inputs changed", async () => {
      const { days } = storedLayersWindow(h.clock.now());
      const api = (
        await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
      ).find((p) => p.projectName === 'alice-api')!;
      const pauseAndClose = (decision: 'count' | 'skip') =>
        inTransaction(h.deps.db, async (tx) => {
          const id = await projectPausesRepo.open(
            tx,
            { projectId: api.id, subAccountId: alice.id, accountId, projectName: api.projectName },
            h.clock.now(),
          );
          const skip = decision === 'skip' ? { skipFrom: days[0]!, skipTo: days[0]! } : null;
          await projectPausesRepo.close(
            tx,
            { id, accountId },
            { decision, skipFrom: skip?.skipFrom ?? null, skipTo: skip?.skipTo ?? null },
            h.clock.now(),
          );
        });
      const version = () => withReader(h.deps.db, (m) => layerVersionsRepo.versionOf(m, accountId));
      const start = await readMatchingLive();
      const before = await version();
      await pauseAndClose('count');
      expect(await version()).toBe(before);
      const seen = recordStatements(h.deps.db);
      expect((await read()).text).toBe(start.text);
      expect(layerReads(seen)).toHaveLength(0);
      await pauseAndClose('skip');
      expect(await version()).toBe(before! + 1);
    });

    it("shows the bill's new spent and a project's monitoring turned off on the next read", async () => {
      const before = await read();
      const [web] = (
        await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, alice.id))
      ).filter((p) => p.projectName === 'alice-web');
      await inTransaction(h.deps.db, (tx) =>
        h.deps.repos.projects.updateSpent(tx, web!.id, money('4.25'), h.clock.now()),
      );
      const spent = await readMatchingLive();
      expect(spent.body.final).not.toBe(before.body.final);
      await inTransaction(h.deps.db, (tx) =>
        projectPausesRepo.setMonitoredIf(tx, web!.id, false, h.clock.now()),
      );
      const unmonitored = await readMatchingLive();
      expect(unmonitored.body.estimated).not.toBe(spent.body.estimated);
      await inTransaction(h.deps.db, (tx) =>
        projectPausesRepo.setMonitoredIf(tx, web!.id, true, h.clock.now()),
      );
      await readMatchingLive();
    });

    it('leaves the counter and the kept figures as they were when the writing transaction rolls back', async () => {
      await read();
      const version = await withReader(h.deps.db, (m) => layerVersionsRepo.versionOf(m, accountId));
      await expect(
        inTransaction(h.deps.db, async (tx) => {
          await spendingLayersRepo.upsertEstimates(tx, estimates('99'), h.clock.now());
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await withReader(h.deps.db, (m) => layerVersionsRepo.versionOf(m, accountId))).toBe(version);
      const seen = recordStatements(h.deps.db);
      await read();
      expect(layerReads(seen)).toHaveLength(0);
      await readMatchingLive();
    });

    it('computes the layers again when the open days move at Shanghai midnight', async () => {
      const before = await readMatchingLive();
      // 2026-05-01T16:00Z is midnight in Shanghai: the window of open days moves.
      h.clock.advance(Date.parse('2026-05-01T16:00:00.000Z') - h.clock.now().getTime());
      const after = await readMatchingLive();
      expect(after.body.finalAsOf).not.toBe(before.body.finalAsOf);
    });

    it('raises the counter once per writing transaction, however many writes and writers', async () => {
      const start = (await withReader(h.deps.db, (m) => layerVersionsRepo.versionOf(m, accountId))) ?? 0;
      const writers = 8;
      // Each writer its own rows (a model of its own), as the watch's accounts do; the counter is shared.
      await Promise.all(
        Array.from({ length: writers }, (_, i) =>
          inTransaction(h.deps.db, async (tx) => {
            const model = `model-${i}`;
            await spendingLayersRepo.upsertEstimates(
              tx,
              estimates('1').map((e) => ({ ...e, model })),
              h.clock.now(),
            );
            await spendingLayersRepo.saveErrors(tx, [
              {
                accountId,
                projectName: 'alice-api',
                model,
                estimated: money('10'),
                finalAmount: money(`${i + 1}`),
                lastDay: '2026-04-20',
                updatedAt: h.clock.now(),
              },
            ]);
          }),
        ),
      );
      expect(await withReader(h.deps.db, (m) => layerVersionsRepo.versionOf(m, accountId))).toBe(
        start + writers,
      );
      await readMatchingLive();
    });

    it('raises the counter after the rows when they are written outside a transaction', async () => {
      const seen = recordStatements(h.deps.db);
      await writeAlone(h.deps.db, (m) =>
        spendingLayersRepo.upsertEstimates(m, estimates('5'), h.clock.now()),
      );
      const rows = seen.findIndex((q) => /INSERT INTO\s+[`"]?spending_estimates/i.test(q));
      const counter = seen.findIndex((q) => /spending_layer_versions/.test(q));
      expect(rows).toBeGreaterThanOrEqual(0);
      expect(counter).toBeGreaterThan(rows);
      await readMatchingLive();
    });

    it('shows, a minute later at most, rows written by a writer that raises no counter (an older version)', async () => {
      const before = await read();
      const { days } = storedLayersWindow(h.clock.now());
      // As a process of the previous version writes them: the rows, and no counter.
      await h.deps.db
        .getRepository(SpendingEstimate)
        .createQueryBuilder()
        .update()
        .set({ estimated: '123.000000' })
        .where('account_id = :accountId AND project_name = :p AND day = :day AND model = :model', {
          accountId,
          p: 'alice-web',
          day: days.at(-1),
          model: MODEL,
        })
        .execute();
      expect((await read()).text).toBe(before.text);
      const realNow = performance.now.bind(performance);
      const later = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + 61_000);
      try {
        const after = await readMatchingLive();
        expect(after.body.estimated).not.toBe(before.body.estimated);
      } finally {
        later.mockRestore();
      }
    });
  },
);
