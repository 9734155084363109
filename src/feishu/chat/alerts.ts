import { z } from 'zod';
import { ALERT_TYPES, alertListCard, type AlertListView } from '../../../cards/alertList.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineChatCommand } from './define.js';
import { subRef } from './views.js';

/** Alert types by what people type (the English type names work too); "all" clears the filter. */
const TYPE_ALIASES: Record<string, string | null> = {
  all: null,
  全部: null,
  阈值: 'threshold',
  额度: 'threshold',
  预警: 'early_warning',
  提前预警: 'early_warning',
  禁用: 'disabled',
  停用: 'disabled',
  启用: 're_enabled',
  恢复: 're_enabled',
  同步: 'sync_error',
  同步失败: 'sync_error',
  执行失败: 'enforcement_failed',
  ...Object.fromEntries(ALERT_TYPES.map((t) => [t, t])),
};

export function alertType(word: string): string | null | undefined {
  const key = word.toLowerCase().replace(/-/g, '_');
  return key in TYPE_ALIASES ? TYPE_ALIASES[key] : undefined;
}

/** `[TYPE] [NAME]` (or NAME TYPE): a word that is an alert type filters by it, the other is a sub-account. */
const args = z
  .array(z.string())
  .max(2, { error: () => '最多两个参数：类型和名称 / at most two words: TYPE and NAME' })
  .transform((words, ctx) => {
    const [first, second] = words;
    if (first === undefined) return { type: null, name: undefined };
    const t1 = alertType(first);
    if (t1 !== undefined) return { type: t1, name: second };
    const t2 = second === undefined ? null : alertType(second);
    if (t2 === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `未知的告警类型：${second}（可用：${ALERT_TYPES.join(', ')}） / unknown alert type ${second} (one of ${ALERT_TYPES.join(', ')})`,
      });
      return z.NEVER;
    }
    return { type: t2, name: first };
  });

const LIMIT = 500;

/** The newest 500 alerts of one type and/or sub-account (the card pages them). */
export async function loadAlerts(
  deps: Deps,
  input: { type: string | null; subAccountId?: string; page: number },
): Promise<AlertListView> {
  const sub = input.subAccountId ? await loadSubAccount(deps, input.subAccountId) : undefined;
  const rows = await withReader(deps.db, async (m) => {
    const alerts = await deps.repos.alerts.list(m, {
      ...(input.type ? { type: input.type } : {}),
      ...(sub ? { subAccountId: sub.id } : {}),
      limit: LIMIT,
    });
    const names = new Map((await deps.repos.subAccounts.list(m)).map((s) => [s.id, s.userName]));
    return alerts.map((a) => ({
      at: a.createdAt,
      type: a.type,
      level: a.level,
      subAccount: a.subAccountId ? (names.get(a.subAccountId) ?? null) : null,
      percent: a.percent,
      delivered: a.deliveryState === 'sent',
      failed: a.deliveryState === 'failed',
    }));
  });
  return { alerts: rows, page: input.page, type: input.type, ...(sub ? { sub: subRef(sub) } : {}) };
}

/** alerts [TYPE] [NAME] / 告警: alert history, filterable by type. */
export const alertsCommand = defineChatCommand({
  key: 'alerts',
  names: ['alerts', '告警', '警报'],
  args,
  policy: 'alert.view',
  run: async (deps, _actor, a) => {
    const sub = a.name ? await resolveSubAccount(deps, a.name) : undefined;
    return loadAlerts(deps, { type: a.type, ...(sub ? { subAccountId: sub.id } : {}), page: 1 });
  },
  render: (view, locale) => alertListCard(view, locale),
});
