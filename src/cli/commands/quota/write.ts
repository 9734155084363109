import type { Command } from 'commander';
import { parseAmount } from '../../../services/quota/parseAmount.js';
import { authorize } from '../../../policies/authorize.js';
import { allocateQuota } from '../../../services/quota/allocateQuota.js';
import { deductQuota } from '../../../services/quota/deductQuota.js';
import { withCli, withJson } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { present, text, type WriteOpts } from './shared.js';

/** `airgate quota allocate` and `airgate quota deduct`: one definition, the verb decides. */
export function registerQuotaWrite(quota: Command, verb: 'allocate' | 'deduct'): void {
  withJson(quota.command(verb))
    .description(
      verb === 'allocate'
        ? t('为子账号增加额度（记入流水）', 'add quota to a sub-account (a ledger entry)')
        : t('扣减子账号额度；不能使剩余额度低于 0', 'take quota away; never below zero remaining'),
    )
    .argument('<user>', t('子账号用户名', 'sub-account user name'))
    .argument(
      '<amount>',
      t(
        '金额（元），大于 0，最多两位小数，如 100 或 99.50',
        'amount in CNY, > 0, at most 2 decimals, e.g. 100 or 99.50',
      ),
    )
    .option('--note <text>', t('备注', 'note'), '')
    .option(
      '--request-id <id>',
      t(
        '本次操作的 ID：用同一 ID 重试不会重复记账',
        'an id for this write: a retry with the same id writes nothing new',
      ),
    )
    .action(
      action((ref: string, amountText: string, opts: WriteOpts) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, verb === 'allocate' ? 'quota.allocate' : 'quota.deduct');
          const amount = parseAmount(amountText);
          const input = {
            actor,
            subAccountId: (await subAccount(ref)).id,
            amount,
            note: opts.note,
            requestId: opts.requestId ?? requestId(),
            source: 'cli' as const,
          };
          const r = verb === 'allocate' ? await allocateQuota(deps, input) : await deductQuota(deps, input);
          out(
            opts,
            () => present(r),
            () => text(verb, r),
          );
        }),
      ),
    );
}
