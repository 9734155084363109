import { afterEach, describe, expect, it } from 'vitest';
import { quotaCard } from '../../cards/quota.js';
import { quotaRequestCard } from '../../cards/quotaRequest.js';
import { userDetailCard } from '../../cards/userDetail.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { quotaView } from '../../src/feishu/chat/quota.js';
import { loadUserDetail } from '../../src/feishu/chat/user.js';
import { requestCardView } from '../../src/feishu/notifications/requests.js';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { getQuotaRequestNotice } from '../../src/services/requests/getQuotaRequestNotice.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';
import { admin } from '../watch/support.js';

const MIN = 60_000;

/** The three cards an approver or owner opens for sub-account ua, as JSON text. */
async function cards(a: ArkWorld, requestId: string) {
  const deps = a.w.deps;
  const quota = JSON.stringify(quotaCard(quotaView(await getQuota(deps, { subAccountId: a.subId })), 'zh'));
  const detail = JSON.stringify(userDetailCard(await loadUserDetail(deps, a.subId), 'zh'));
  const { view } = await getQuotaRequestNotice(deps, { id: requestId });
  const request = JSON.stringify(quotaRequestCard(requestCardView(view), 'zh'));
  return { quota, detail, request };
}

describe.each(dbKinds())(
  'how long the money lasts, on the quota, sub-account and request cards, on %s',
  (kind) => {
    let a: ArkWorld;
    afterEach(async () => a?.close());

    it('says "数据不足" before the cycles have measured a rate, then the rate and when the quota runs out', async () => {
      a = await openArkWorld(kind, { quota: '100', settings: { arkThrottlePercent: 0 } });
      a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
      const { request } = await createQuotaRequest(a.w.deps, {
        actor: admin,
        subAccountId: a.subId,
        amount: parseAmount('100'),
        reason: 'more tokens',
      });

      const before = await cards(a, request.id);
      for (const c of Object.values(before)) {
        expect(c).toContain('数据不足');
        expect(c).not.toContain('¥0.00/小时');
      }

      // Two hours of ≈ 11.5 元/h Ark traffic, a cycle every 10 minutes: the hourly snapshots give a rate.
      for (let i = 0; i < 13; i++) {
        await a.w.advance(10 * MIN);
        await a.w.check();
      }
      const after = await cards(a, request.id);
      for (const c of Object.values(after)) expect(c).not.toContain('数据不足');
      const rate = /¥(\d+\.\d\d)\/小时/.exec(after.quota);
      expect(rate).not.toBeNull();
      expect(Number(rate![1])).toBeGreaterThan(5);
      expect(Number(rate![1])).toBeLessThan(20);
      expect(after.quota).toContain('按此速度剩余额度可用');
      expect(after.detail).toContain(`¥${rate![1]}/小时`);
      expect(after.request).toContain(`按当前速度 ¥${rate![1]}/小时，约`);
      expect(after.request).toContain('后用完；批准 ¥100.00 后约');
    });
  },
);
