import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { quotaHistory } from '../../../services/quota/quotaHistory.js';
import { withCli, withJson, type Json } from '../../context.js';
import { money2, moneyJson, shanghai } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';
import { positiveInt } from './shared.js';

/** `airgate quota history` */
export function registerQuotaHistory(quota: Command): void {
  withJson(quota.command('history'))
    .description(t('查看子账号的额度流水（最新在前）', "a sub-account's quota ledger, newest first"))
    .argument('<user>', t('子账号用户名', 'sub-account user name'))
    .option('--limit <n>', t('条数（1–500，默认 20）', 'entries (1-500, default 20)'), '20')
    .option('--before <seq>', t('只看序号小于此值的（翻页）', 'only entries before this seq (paging)'))
    .action(
      action((ref: string, opts: Json & { limit: string; before?: string }) =>
        withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'quota.view');
          const limit = positiveInt(opts.limit, '--limit');
          const beforeSeq = opts.before === undefined ? undefined : positiveInt(opts.before, '--before');
          const r = await quotaHistory(deps, { subAccountId: (await subAccount(ref)).id, limit, beforeSeq });
          out(
            opts,
            () => ({
              entries: r.entries.map((e) => ({
                seq: e.seq,
                amount: moneyJson(e.amount),
                balanceAfter: moneyJson(e.balanceAfter),
                operator: e.operator,
                source: e.source,
                note: e.note,
                requestId: e.requestId,
                createdAt: e.createdAt.toISOString(),
              })),
              nextBeforeSeq: r.nextBeforeSeq,
            }),
            () =>
              renderTable(
                [
                  { header: '#', value: (e) => String(e.seq), right: true },
                  { header: t('时间', 'time'), value: (e) => shanghai(e.createdAt) },
                  {
                    header: t('金额', 'amount'),
                    value: (e) => (e.amount.gt(0) ? '+' : '') + money2(e.amount),
                    right: true,
                  },
                  { header: t('余额', 'balance'), value: (e) => money2(e.balanceAfter), right: true },
                  { header: t('操作人', 'operator'), value: (e) => e.operator },
                  { header: t('来源', 'source'), value: (e) => e.source },
                  { header: t('备注', 'note'), value: (e) => e.note || '-' },
                ],
                r.entries,
                t('（没有流水）', '(no entries)'),
              ) +
              (r.nextBeforeSeq
                ? t(`更早的：--before ${r.nextBeforeSeq}\n`, `older: --before ${r.nextBeforeSeq}\n`)
                : ''),
          );
        }),
      ),
    );
}
