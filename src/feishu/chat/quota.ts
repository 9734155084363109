import { quotaCard, type QuotaCardView } from '../../../cards/quota.js';
import type { Deps } from '../../deps.js';
import { getQuota, type QuotaView } from '../../services/quota/getQuota.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { figures, labels, subRef } from './views.js';

/** The quota card's view of one sub-account (also used by card actions). */
export function quotaView(v: QuotaView): QuotaCardView {
  const spentAsOf = v.projects.reduce<Date | null>(
    (latest, p) => (p.spentUpdatedAt && (!latest || p.spentUpdatedAt > latest) ? p.spentUpdatedAt : latest),
    null,
  );
  return {
    sub: { ...subRef(v.subAccount), status: v.subAccount.status },
    quota: figures(v.quota),
    thresholds: v.thresholds,
    thresholdsOverridden: v.thresholdsOverridden,
    spentAsOf,
  };
}

export async function loadQuotaView(deps: Deps, name: string): Promise<QuotaCardView> {
  const sub = await resolveSubAccount(deps, name);
  return quotaView(await getQuota(deps, { subAccountId: sub.id }));
}

/** quota NAME / 额度 NAME: quota, spent, remaining, percent and state of one sub-account. */
export const quotaCommand = defineChatCommand({
  key: 'quota',
  names: ['quota', '额度'],
  args: positional({ name: word(labels.name) }),
  policy: 'quota.view',
  run: (deps, _actor, a) => loadQuotaView(deps, a.name),
  render: (view, locale) => quotaCard(view, locale),
});
