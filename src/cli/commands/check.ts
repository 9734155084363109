import type { Command } from 'commander';
import { storedErrorText } from '../../../cards/lib/errorText.js';
import { ConflictError } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import { toDecimalString } from '../../domain/money.js';
import type { SpendingCheckResult } from '../../services/watch/runSpendingCheck.js';
import { withCli, withJson } from '../context.js';
import { shanghai } from '../format.js';
import { cliLocale, t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';

type Ran = Extract<SpendingCheckResult, { ran: true }>;

export function registerCheck(program: Command): void {
  withJson(program.command('check'))
    .description(
      t(
        '立即运行一轮消费检查（账单同步、阈值告警、到额禁用与恢复）',
        'run one spending check now (bill sync, alerts, disable at 100 %, re-enable)',
      ),
    )
    .option(
      '--wait <seconds>',
      t(
        '若另一轮正在运行，最多等待的秒数（默认 0）',
        'seconds to wait if another check is running (default 0)',
      ),
      '0',
    )
    .action(
      action((opts: { json?: boolean; wait: string }) =>
        withCli(async ({ deps, out }) => {
          const waitMs = Math.max(0, Number(opts.wait) || 0) * 1000;
          // Loaded when the command runs: the spending watch is the largest part of AirGate.
          const { runSpendingCheck } = await import('../../services/watch/runSpendingCheck.js');
          const r = await runSpendingCheck(deps, { trigger: 'cli', lock: { waitMs } });
          if (!r.ran) {
            throw new ConflictError(
              t(
                '另一轮消费检查正在运行，请稍后再试（或加 --wait）',
                'another spending check is running; try again later (or pass --wait)',
              ),
            );
          }
          const spending = opts.json ? await spendingLayersOf(deps) : undefined;
          out(
            opts,
            () => checkJson(r, spending),
            () => checkText(r),
          );
          if (r.summary.accounts.some((a) => !a.complete) || r.summary.failures.length > 0)
            process.exitCode = 6;
        }),
      ),
    );
}

/** A sub-account's spending by layer, as `--json` prints it: decimal strings, UTC times. */
export type SubSpending = {
  subAccount: string;
  spent: string;
  final: string;
  finalAsOf: string | null;
  /** what the bill detail (5-minute rows, not yet split) adds on top of final over the hours it covers */
  billed: string;
  billedAsOf: string | null;
  estimated: string;
  estimatedAsOf: string | null;
};

/** Every sub-account's spent = final + billed + estimated, as the cycle just stored it. */
async function spendingLayersOf(deps: Deps): Promise<SubSpending[]> {
  const { loadLayersOfMany } = await import('../../services/spending/readLayers.js');
  return withReader(deps.db, async (m) => {
    const subs = await deps.repos.subAccounts.list(m, {});
    const projects = await deps.repos.projects.listBySubAccounts(
      m,
      subs.map((x) => x.id),
    );
    const layers = await loadLayersOfMany(
      m,
      new Map(subs.map((sub) => [sub.id, projects.get(sub.id) ?? []])),
      deps.clock.now(),
    );
    const out: SubSpending[] = [];
    for (const sub of subs) {
      const l = layers.get(sub.id)!;
      out.push({
        subAccount: sub.userName,
        spent: toDecimalString(l.spent),
        final: toDecimalString(l.final),
        finalAsOf: l.finalAsOf,
        billed: toDecimalString(l.billed),
        billedAsOf: l.billedAsOf?.toISOString() ?? null,
        estimated: toDecimalString(l.estimated),
        estimatedAsOf: l.estimatedAsOf?.toISOString() ?? null,
      });
    }
    return out;
  });
}

/** A sweep stores its errors in their log form ("reason {params}"): words in the CLI's language. */
const words = (stored: string) => storedErrorText(stored, cliLocale());

/** The result as JSON: each stored error raw (scripts match on it) and beside it, as `words`, what it says. */
export function checkJson(r: Ran, spending?: SubSpending[]): unknown {
  const s = r.summary;
  return {
    ...r,
    ...(spending ? { spending } : {}),
    summary: {
      ...s,
      accounts: s.accounts.map((a) => (a.error ? { ...a, words: words(a.error) } : a)),
      failures: s.failures.map((f) => ({ ...f, words: words(f.reason) })),
    },
  };
}

export function checkText(r: Ran): string {
  const s = r.summary;
  const accounts = renderTable(
    [
      { header: t('主账号', 'account'), value: (a: (typeof s.accounts)[number]) => a.name },
      {
        header: t('账单', 'bill'),
        value: (a) => (a.complete ? t('完整', 'complete') : t('不完整', 'incomplete')),
      },
      { header: t('调用', 'calls'), value: (a) => String(a.billingCalls), right: true },
      { header: t('行数', 'rows'), value: (a) => String(a.rows), right: true },
      { header: t('子账号', 'sub-accounts'), value: (a) => String(a.subAccounts), right: true },
      { header: t('错误', 'error'), value: (a) => (a.error ? words(a.error) : '') },
    ],
    s.accounts,
    t('（没有主账号）', '(no main account)'),
  );
  const alerts = Object.entries(s.alerts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const lines = [
    t(
      `第 ${r.cycleId} 轮检查完成，用时 ${r.durationMs} ms`,
      `check #${r.cycleId} done in ${r.durationMs} ms`,
    ),
    accounts.trimEnd(),
    `${t('子账号', 'sub-accounts')}: ${s.subAccounts}    ${t('账单 API 调用', 'billing calls')}: ${s.billingCalls}`,
    `${t('新告警', 'new alerts')}: ${alerts || t('无', 'none')}`,
    `${t('已禁用', 'disabled')}: ${s.disabled.join(', ') || '-'}    ${t('已恢复', 're-enabled')}: ${s.enabled.join(', ') || '-'}`,
    `${t('最新账单数据', 'newest bill data')}: ${s.newestBillRowAt ? shanghai(new Date(s.newestBillRowAt)) : '-'}`,
  ];
  for (const f of s.failures) {
    lines.push(
      `${t('失败（下轮重试）', 'failed (retried next check)')}: ${f.action} ${f.subAccount}: ${words(f.reason)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
