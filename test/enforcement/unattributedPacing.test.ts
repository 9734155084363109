import { afterEach, describe, expect, it } from 'vitest';
import { unattributedArkSpending } from '../../src/services/enforcement/unattributedSpending.js';
import { listBill } from '../../src/volc/actions/billing.js';
import { billingPacer, paced } from '../../src/volc/billingPacer.js';
import { VolcClient } from '../../src/volc/client.js';
import { dbKinds } from '../support/databases.js';
import { openOrphanWorld, type ArkWorld } from './support.js';

/**
 * The week's unattributed Ark spending is read by the scheduler, beside the watch's sweep of the same
 * account: its bill pages take their turns on the account's one billing pacer (5 requests a second for all
 * bill APIs together), so neither is refused. Before, its pages went out unpaced and a sweep at full rate
 * was throttled.
 */
describe.each(dbKinds())(
  'the unattributed-spending read shares the account’s billing pacer, on %s',
  (kind) => {
    let a: ArkWorld | undefined;
    afterEach(async () => {
      await a?.close();
      a = undefined;
    });

    it('read while other bill reads use the account’s 5 requests a second: nothing is throttled', async () => {
      a = await openOrphanWorld(kind);
      const x = a;
      const throttled = async () => {
        const r = (await (await fetch(`${x.w.volc.url}/__sim/calls`)).json()) as {
          throttled: { billing?: number };
        };
        return r.throttled.billing ?? 0;
      };
      // The documented limit, which the test worlds switch off for their virtual clock.
      await fetch(`${x.w.volc.url}/__sim/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ billingQps: 5 }),
      });
      const before = await throttled();
      // What the sweep does: paced reads through the account's pacer, sent once (a refusal shows at the simulator).
      const sweep = new VolcClient({
        credentials: x.w.volc.credentials,
        endpoint: x.w.volc.url,
        retry: { maxAttempts: 1 },
      });
      const pacer = billingPacer(x.w.accountId);
      const sweepReads = Array.from({ length: 8 }, () =>
        paced(pacer, () => listBill(sweep, { BillPeriod: '2026-05', Limit: 10 })),
      );
      const [u] = await Promise.all([unattributedArkSpending(x.w.deps), ...sweepReads]);
      expect(u.failed).toEqual([]);
      expect(u.byProject.map((p) => p.project)).toEqual(['orphan']);
      expect((await throttled()) - before).toBe(0);
    }, 20_000);
  },
);
