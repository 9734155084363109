import type { Command } from 'commander';
import { parseAmount } from '../../services/quota/parseAmount.js';
import { UsageError } from '../../errors.js';
import { authorize } from '../../policies/authorize.js';
import { allocateQuota } from '../../services/quota/allocateQuota.js';
import { deductQuota } from '../../services/quota/deductQuota.js';
import { quotaHistory } from '../../services/quota/quotaHistory.js';
import type { LedgerWriteResult } from '../../services/quota/writeLedgerEntry.js';
import { withCli, withJson } from '../context.js';
import { money2, moneyJson, percent, shanghai } from '../format.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';

type Json = { json?: boolean };
type WriteOpts = Json & { note: string; requestId?: string };

export function registerQuota(program: Command): void {
  const quota = program
    .command('quota')
    .description(t('分配、扣减额度与查看流水', 'allocate and deduct quota, see the ledger'));

  for (const verb of ['allocate', 'deduct'] as const) {
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

function present(r: LedgerWriteResult) {
  return {
    userName: r.subAccount.userName,
    entryId: r.entry.id,
    seq: r.entry.seq,
    amount: moneyJson(r.entry.amount),
    balanceAfter: moneyJson(r.entry.balanceAfter),
    quota: moneyJson(r.quota.quota),
    spent: moneyJson(r.quota.spent),
    remaining: moneyJson(r.quota.remaining),
    replayed: r.replayed,
    reenableRequested: r.reenableRequested,
  };
}

function text(verb: 'allocate' | 'deduct', r: LedgerWriteResult): string {
  const name = r.subAccount.userName;
  const amount = money2(r.entry.amount.abs());
  const head = r.replayed
    ? t(
        `该请求 ID 已记账过，未重复记账（#${r.entry.seq}）`,
        `already written with this request id, nothing new (#${r.entry.seq})`,
      )
    : verb === 'allocate'
      ? t(`已为 ${name} 增加 ${amount}`, `allocated ${amount} to ${name}`)
      : t(`已从 ${name} 扣减 ${amount}`, `deducted ${amount} from ${name}`);
  const tail = t(
    `额度 ${money2(r.quota.quota)}，已用 ${money2(r.quota.spent)}（${percent(r.quota.percent)}），剩余 ${money2(r.quota.remaining)}`,
    `quota ${money2(r.quota.quota)}, spent ${money2(r.quota.spent)} (${percent(r.quota.percent)}), remaining ${money2(r.quota.remaining)}`,
  );
  const reenable = r.reenableRequested
    ? t(
        '\n额度已恢复到 100% 以下：子账号将被重新启用',
        '\nback under 100 %: the sub-account will be re-enabled',
      )
    : '';
  return `${head}${t('。', '. ')}${tail}${reenable}\n`;
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(t(`${flag} 须为正整数`, `${flag} must be a positive whole number`));
  return Number(value);
}
