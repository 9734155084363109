import { spendingLayersRepo } from '../../db/repos/spendingLayers.js';
import { withReader } from '../../db/repos/transaction.js';
import { billDay } from '../../domain/billingPeriod.js';
import { formatShanghai } from '../../domain/shanghaiTime.js';
import { BILL_DETAIL_LAG_MS } from '../spending/billed.js';
import { ALL_MODELS } from '../spending/ratios.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

/**
 * Hours the billed layer may trail the newest hour the bill detail could already hold before doctor warns.
 * It is read hourly, so up to one hour behind is its normal rhythm; past two, reads were missed or failed.
 */
export const BILLED_WARN_BEHIND_MS = 2 * 3_600_000;

/** Open bill days looked at: today and the two before (the split bill lags up to two days). */
const OPEN_DAYS_MS = 2 * 86_400_000;

const TITLE = bi('账单明细（按模型校准）', 'bill detail (per-model calibration)');
const ID = 'spending.billed';

/**
 * Per account, how far the billed layer (ListBillDetail 5-minute Ark rows, read once an hour) has read the
 * bill detail: the end of the complete hours it covers. Warns when an account with Ark usage on an open day
 * is more than 2 hours behind the newest complete hour the detail can hold, or was never read: its estimate
 * then runs on older calibration (a day over the page budget, throttling, a missing permission).
 */
export async function checkBilledRead(ctx: Pick<DoctorContext, 'deps' | 'dbReady'>): Promise<DoctorCheck> {
  if (!ctx.dbReady)
    return check(ID, 'skip', TITLE, bi('数据库不可用，未检查', 'not checked: the database is not ready'));
  const { deps } = ctx;
  if (!deps.config.spendingFresh)
    return check(
      ID,
      'skip',
      TITLE,
      bi('估算层已关闭（AIRGATE_SPENDING_FRESH=off）', 'the estimate is off (AIRGATE_SPENDING_FRESH=off)'),
    );
  const now = deps.clock.now();
  const since = billDay(new Date(now.getTime() - OPEN_DAYS_MS));
  const today = billDay(now);
  const accounts = await withReader(deps.db, async (m) =>
    Promise.all(
      (await deps.repos.accounts.list(m)).map(async (a) => {
        const marks = (await spendingLayersRepo.listBilled(m, a.id, since)).filter(
          (b) => b.model === ALL_MODELS,
        );
        const estimates = await spendingLayersRepo.listEstimates(m, {
          accountId: a.id,
          sinceDay: since,
          untilDay: today,
        });
        let until: Date | null = null;
        for (const b of marks) if (!until || b.spanUntil > until) until = b.spanUntil;
        return { name: a.name, until, ark: estimates.some((e) => e.estimated.gt(0)) };
      }),
    ),
  );
  // The newest hour the detail can be complete for now (Ark's 5-minute bills come out 5–10 minutes late).
  const newest = Math.floor((now.getTime() - BILL_DETAIL_LAG_MS) / 3_600_000) * 3_600_000;
  const lines = { zh: [] as string[], en: [] as string[] };
  const behind: string[] = [];
  for (const a of accounts) {
    if (!a.until) {
      lines.zh.push(`${a.name}：${a.ark ? '账单明细尚未读取' : '无方舟用量，无需读取账单明细'}`);
      lines.en.push(
        `${a.name}: ${a.ark ? 'bill detail not read yet' : 'no Ark usage, bill detail not needed'}`,
      );
      if (a.ark) behind.push(a.name);
      continue;
    }
    const at = formatShanghai(a.until);
    lines.zh.push(`${a.name}：账单明细已读到 ${at}（每小时一次）`);
    lines.en.push(`${a.name}: bill detail read up to ${at} (hourly)`);
    if (a.ark && newest - a.until.getTime() > BILLED_WARN_BEHIND_MS) behind.push(a.name);
  }
  if (lines.zh.length === 0)
    return check(ID, 'pass', TITLE, bi('尚无火山引擎账号', 'no Volcengine account yet'));
  const detail = bi(lines.zh.join('；'), lines.en.join('; '));
  if (behind.length === 0) return check(ID, 'pass', TITLE, detail);
  return check(
    ID,
    'warn',
    TITLE,
    bi(
      `${detail.zh}。有方舟用量但落后超过 2 小时：${behind.join('、')}，其估算沿用较早的校准`,
      `${detail.en}. More than 2 hours behind while Ark is used: ${behind.join(', ')}; their estimate runs on older calibration`,
    ),
    bi(
      '查看巡检日志中的 billedError：今天的 5 分钟明细超过 4 页时，今天沿用昨天按日明细得出的校准（昨天完整后读一次）；或检查计费接口限流与 ListBillDetail 权限',
      "look for billedError in the watch log: when today's 5-minute rows are over 4 pages, today runs on the calibration from yesterday's day rows (read once when yesterday is complete); or check billing throttling and the ListBillDetail permission",
    ),
  );
}
