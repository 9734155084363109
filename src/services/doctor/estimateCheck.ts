import { withReader } from '../../db/repos/transaction.js';
import { estimateErrors } from '../spending/estimateError.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

/** An estimate further than this from the bill (either way) is worth a look. */
export const ESTIMATE_WARN_PERCENT = 10;

const TITLE = bi('估算偏差', 'estimate error');

/**
 * The estimated layer against the final bill, per project and model (as measured when each closed day's
 * final bill landed; per model where no project was measured yet): warns listing those off by more than 10 %. The estimate is corrected by the calibration, but a large error means
 * the price list or the usage misses something (a discount, a model priced otherwise).
 */
export async function checkEstimateError(ctx: Pick<DoctorContext, 'deps' | 'dbReady'>): Promise<DoctorCheck> {
  if (!ctx.dbReady)
    return check(
      'spending.estimateError',
      'skip',
      TITLE,
      bi('数据库不可用，未检查', 'not checked: the database is not ready'),
    );
  const { deps } = ctx;
  const { errors, names } = await withReader(deps.db, async (m) => ({
    errors: await estimateErrors(m),
    names: new Map((await deps.repos.accounts.list(m)).map((a) => [a.id, a.name])),
  }));
  if (errors.length === 0)
    return check(
      'spending.estimateError',
      'pass',
      TITLE,
      bi('尚无已出账的估算可比较', 'no estimate compared with a final bill yet'),
    );
  const off = errors.filter((e) => e.off > ESTIMATE_WARN_PERCENT);
  if (off.length === 0)
    return check(
      'spending.estimateError',
      'pass',
      TITLE,
      bi(
        `${errors.length} 个（项目的）模型的估算与账单相差不超过 ${ESTIMATE_WARN_PERCENT}%`,
        `${errors.length} model(s) (per project) within ${ESTIMATE_WARN_PERCENT}% of the bill`,
      ),
    );
  const list = off
    .map(
      (e) =>
        `${[names.get(e.accountId) ?? e.accountId, e.project, e.model].filter(Boolean).join('/')} ${e.percent}%`,
    )
    .join(', ');
  return check(
    'spending.estimateError',
    'warn',
    TITLE,
    bi(
      `估算与账单相差超过 ${ESTIMATE_WARN_PERCENT}%（已按账单校准）：${list}`,
      `estimate more than ${ESTIMATE_WARN_PERCENT}% off the bill (calibrated to it): ${list}`,
    ),
    bi(
      '核对这些模型在 ListModelChargeItems 中的价格（折扣、非按千 tokens 计价的部分）',
      'check these models’ prices in ListModelChargeItems (discounts, parts not priced per 1,000 tokens)',
    ),
  );
}
