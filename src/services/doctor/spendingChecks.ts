import { billDay } from '../../domain/billingPeriod.js';
import { listModelChargeItems } from '../../volc/actions/ark.js';
import type { VolcClient } from '../../volc/client.js';
import { VolcApiError, VolcError } from '../../volc/errors.js';
import { readUsage } from '../spending/usage.js';
import { bi, check, type DoctorCheck } from './types.js';

const DENIED = /^(AccessDenied|LackPolicy|LackProjectPolicy|NoPermission|Forbidden|UnauthorizedOperation)/;

/**
 * The estimated spending layer reads Ark usage (GetInferenceUsage) and the account's prices
 * (ListModelChargeItems): each is called once; a refusal is a failing check that names the permission.
 */
export async function checkFreshSpending(
  client: VolcClient,
  account: string,
  now: Date,
): Promise<DoctorCheck[]> {
  const probes: Array<{ action: string; call: () => Promise<unknown> }> = [
    {
      action: 'ark:ListModelChargeItems',
      call: () => listModelChargeItems(client, { PageNumber: 1, PageSize: 1 }),
    },
    { action: 'ark:GetInferenceUsage', call: () => readUsage(client, billDay(now), billDay(now)) },
  ];
  const out: DoctorCheck[] = [];
  for (const p of probes) {
    const id = `volc.${account}.spending.${p.action.slice(4)}`;
    const title = bi(
      `火山引擎账号 ${account} 估算花费：${p.action}`,
      `Volcengine account ${account} estimate: ${p.action}`,
    );
    try {
      await p.call();
      out.push(check(id, 'pass', title, bi('可调用', 'permitted')));
    } catch (err) {
      const denied = err instanceof VolcApiError && DENIED.test(err.apiCode);
      const why = err instanceof VolcError || err instanceof Error ? err.message : String(err);
      out.push(
        check(
          id,
          'fail',
          title,
          denied
            ? bi(
                `无权调用 ${p.action}：估算花费不可用，只能等分账账单（最多晚 2 天）`,
                `${p.action} is not permitted: no estimated spending, only the split bill (up to 2 days late)`,
              )
            : bi(`无法检查：${why}`, `could not check: ${why}`),
          denied ? bi(`给该密钥所属用户授权 ${p.action}`, `grant the key’s user ${p.action}`) : undefined,
        ),
      );
    }
  }
  return out;
}
