import { quotaCard, type QuotaCardView } from '../../../cards/quota.js';
import { quotaPickerCard } from '../../../cards/quotaPicker.js';
import type { CardJson } from '../../../cards/lib/types.js';
import { UsageError } from '../../errors.js';
import type { FeishuActor } from '../../policies/index.js';
import { quotaCandidates } from '../../services/quota/quotaCandidates.js';
import type { Locale } from '../texts.js';
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
    ...(v.burn && { burnPerHour: v.burn.perHour, exhaustsInHours: v.burn.exhaustsInHours }),
    spentAsOf,
    ...(v.layers && { layers: v.layers }),
  };
}

export async function loadQuotaView(deps: Deps, name: string): Promise<QuotaCardView> {
  const sub = await resolveSubAccount(deps, name);
  return quotaView(await getQuota(deps, { subAccountId: sub.id }));
}

type QuotaAnswer = { one: QuotaCardView } | { several: Array<{ id: string; name: string }> };

/** Without a name: the only sub-account the person means, else a picker of them (none → the usage). */
async function quotaOfMine(deps: Deps, actor: FeishuActor, mine: boolean): Promise<QuotaAnswer> {
  const subs = await quotaCandidates(deps, actor, { mine });
  if (subs.length === 1) return { one: quotaView(await getQuota(deps, { subAccountId: subs[0]!.id })) };
  if (subs.length === 0) throw new UsageError('缺少参数「名称」 / missing argument NAME', { field: 'name' });
  return { several: subs.map((s) => subRef(s)) };
}

function renderQuota(r: QuotaAnswer, locale: Locale): CardJson {
  return 'one' in r ? quotaCard(r.one, locale) : quotaPickerCard({ subs: r.several }, locale);
}

/**
 * quota [NAME] / 额度 [名称]: quota, spent, remaining, percent and state of one sub-account. Without a
 * name: the caller's only sub-account, or a picker when they see several.
 */
export const quotaCommand = defineChatCommand({
  key: 'quota',
  names: ['quota', '额度'],
  args: positional({ name: word(labels.name).optional() }),
  policy: 'quota.view',
  run: async (deps, actor, a): Promise<QuotaAnswer> =>
    a.name === undefined ? quotaOfMine(deps, actor, false) : { one: await loadQuotaView(deps, a.name) },
  render: (r, locale) => renderQuota(r, locale),
});

/** 我的额度 / my quota: the quota of the sub-accounts the caller owns (one → its card, several → a picker). */
export const myQuotaCommand = defineChatCommand({
  key: 'quota',
  names: ['my quota', '我的额度'],
  args: positional({}),
  policy: 'quota.view',
  run: (deps, actor) => quotaOfMine(deps, actor, true),
  render: (r, locale) => renderQuota(r, locale),
});
