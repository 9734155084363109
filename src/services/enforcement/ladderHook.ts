import { enforcementRepo, type EnforcementChangeDto } from '../../db/repos/enforcement.js';
import { withReader } from '../../db/repos/transaction.js';
import type { SubReading } from '../watch/alertViews.js';
import type { CycleContext } from '../watch/context.js';
import { reasonOf } from './pullLever.js';
import { runArkLadder } from './runArkLadder.js';
import { FencedOutError } from '../watch/lock.js';

const recordsByCycle = new WeakMap<CycleContext, Map<string, Promise<Map<string, EnforcementChangeDto[]>>>>();

/** The ladder's records of one main account, read once per cycle. */
function accountRecords(ctx: CycleContext, accountId: string): Promise<Map<string, EnforcementChangeDto[]>> {
  let perAccount = recordsByCycle.get(ctx);
  if (!perAccount) recordsByCycle.set(ctx, (perAccount = new Map()));
  let p = perAccount.get(accountId);
  if (!p) {
    p = withReader(ctx.deps.db, (m) => enforcementRepo.listByAccount(m, accountId)).then((rows) => {
      const bySub = new Map<string, EnforcementChangeDto[]>();
      for (const r of rows) bySub.set(r.subAccountId, [...(bySub.get(r.subAccountId) ?? []), r]);
      return bySub;
    });
    perAccount.set(accountId, p);
  }
  return p;
}

/**
 * The spending check's hook into the Ark ladder: called once per sub-account and cycle, after the
 * watch's own decision and action. A failure of a lever is in the cycle summary (as a disable or enable
 * failure, which is what it is) and has its card; a failure of the ladder itself is logged and reported
 * the same way, and never stops the cycle.
 */
export async function arkLadderStep(ctx: CycleContext, r: SubReading, complete: boolean): Promise<void> {
  try {
    const records = (await accountRecords(ctx, r.sub.accountId)).get(r.sub.id) ?? [];
    const out = await runArkLadder(ctx.deps, {
      actor: ctx.actor,
      requestId: ctx.requestId,
      settings: ctx.settings,
      locale: ctx.card.locale,
      adminOpenIds: ctx.adminOpenIds,
      sub: r.sub,
      projects: r.projects,
      quota: r.quota,
      complete,
      check: (tx) => ctx.lock.check(tx),
      records,
    });
    for (const f of out.failures) {
      ctx.summary.failures.push({
        subAccount: r.sub.userName,
        action: out.rung === 'restore' ? 'enable' : 'disable',
        reason: `ark ${f.lever} ${f.target}: ${f.reason}`,
      });
    }
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    const reason = reasonOf(err);
    ctx.deps.log.warn({ subAccount: r.sub.userName, err: reason }, 'Ark ladder failed; retried next cycle');
    ctx.summary.failures.push({ subAccount: r.sub.userName, action: 'disable', reason: `ark: ${reason}` });
  }
}
