import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { authorize } from '../../../policies/authorize.js';
import { readAuditLog } from '../../../services/audit/listAudit.js';
import { withCli, withJson, type Json } from '../../context.js';
import { shanghai } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';

/** The description shared with the COMMANDS table in program.ts (a test checks they are equal). */
export const AUDIT_DESCRIPTION = (): string =>
  t(
    '审计日志（最新在前）：谁在何时改了什么，可按子账号、操作人、类型筛选',
    'the audit log, newest first: who changed what and when, filtered by sub-account, person or kind',
  );

type AuditOpts = Json & {
  subAccount?: string;
  actor?: string;
  kind?: string;
  since?: string;
  limit?: string;
};

/** "2026-12-01" is midnight in Shanghai; a full ISO time is taken as written. */
export function parseSince(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text;
  const at = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime()))
    throw new UsageError(
      t(`--since 应为日期或 ISO 时间：${text}`, `--since takes a date or an ISO time: ${text}`),
      { field: 'since' },
    );
  return at;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new UsageError(t('--limit 应为 1 到 1000 的整数', '--limit takes a whole number from 1 to 1000'), {
      field: 'limit',
    });
  return n;
}

/** `airgate audit`: the audit log, newest first, as a table or --json. */
export function registerAudit(program: Command): void {
  withJson(program.command('audit'))
    .description(AUDIT_DESCRIPTION())
    .option('--sub-account <name>', t('只看该子账号的记录', 'only entries about this sub-account'))
    .option(
      '--actor <who>',
      t(
        '只看该操作人的：成员姓名或 open_id，或 apikey:<id>、cli:<用户>、system',
        'only entries by this person: a member name or open_id, or apikey:<id>, cli:<user>, system',
      ),
    )
    .option(
      '--kind <kind>',
      t(
        '只看该类型的，如 quota.allocate；前缀（quota）包括其下所有类型',
        'only this kind, e.g. quota.allocate; a prefix (quota) matches all under it',
      ),
    )
    .option(
      '--since <time>',
      t('只看此时刻之后的（日期按上海时间）', 'only entries at or after this time (dates in Shanghai time)'),
    )
    .option('--limit <n>', t('最多几条（默认 50）', 'at most this many (default 50)'))
    .action(
      action((opts: AuditOpts) => {
        const since = opts.since === undefined ? undefined : parseSince(opts.since);
        const limit = parseLimit(opts.limit);
        return withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'audit.view');
          const sub = opts.subAccount ? await subAccount(opts.subAccount) : undefined;
          const page = await readAuditLog(deps, {
            ...(sub ? { subAccountId: sub.id } : {}),
            ...(opts.actor ? { person: opts.actor } : {}),
            ...(opts.kind ? { kind: opts.kind } : {}),
            ...(since ? { since } : {}),
            limit,
          });
          out(
            opts,
            () => ({
              items: page.entries.map((e) => ({
                id: e.id,
                createdAt: e.at.toISOString(),
                actor: e.actor,
                actorName: e.actorName,
                kind: e.action,
                targetType: e.targetType,
                targetId: e.targetId,
                targetName: e.targetName,
                summary: e.summary,
                requestId: e.requestId,
              })),
              more: page.nextCursor !== null,
            }),
            () =>
              renderTable(
                [
                  { header: t('时间', 'time'), value: (e) => shanghai(e.at) },
                  { header: t('操作人', 'by'), value: (e) => e.actorName },
                  { header: t('类型', 'kind'), value: (e) => e.action },
                  {
                    header: t('对象', 'target'),
                    value: (e) => e.targetName ?? `${e.targetType} ${e.targetId}`,
                  },
                  { header: t('摘要', 'summary'), value: (e) => e.summary || '-' },
                ],
                page.entries,
                t('（没有审计记录）', '(no audit entries)'),
              ) +
              (page.nextCursor !== null
                ? t(
                    `（只显示最新 ${limit} 条；用 --limit 或 --since 看更多）\n`,
                    `(newest ${limit} only; use --limit or --since for more)\n`,
                  )
                : ''),
          );
        });
      }),
    );
}
