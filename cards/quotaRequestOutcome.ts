import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, text } from './lib/builders.js';
import { formatMoney, formatShanghai } from './lib/format.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, HeaderColor, Locale, MoneyLike } from './lib/types.js';
import type { QuotaRequestDecision } from './quotaRequest.js';

/** The direct message to the requester once their request is decided (or expired). */
export type QuotaRequestOutcomeView = {
  sub: SubRef;
  amount: MoneyLike;
  reason: string;
  decision: Exclude<QuotaRequestDecision, { state: 'pending' }>;
};

const COLOR: Record<QuotaRequestOutcomeView['decision']['state'], HeaderColor> = {
  approved: 'green',
  rejected: 'red',
  expired: 'grey',
  cancelled: 'grey',
};

export function quotaRequestOutcomeCard(v: QuotaRequestOutcomeView, locale: Locale): CardJson {
  const t = translator(locale);
  const d = v.decision;
  const at = formatShanghai(d.at, { zone: true });
  const pairs: Array<[string, string]> = [
    [t('request.sub'), v.sub.name],
    [t('request.amount'), formatMoney(v.amount)],
  ];
  if (d.state === 'approved')
    pairs.push(
      [t('request.approvedAmount'), formatMoney(d.amount)],
      [t('request.newQuota'), formatMoney(d.newQuota)],
    );
  const body =
    d.state === 'approved'
      ? t('outcome.approved', { by: escapeMd(d.by), at })
      : d.state === 'rejected'
        ? t('outcome.rejected', { by: escapeMd(d.by), at })
        : d.state === 'expired'
          ? t('outcome.expired', { at })
          : t('outcome.cancelled', { at });
  const noteText = d.state === 'approved' || d.state === 'rejected' ? d.note : null;
  return card({
    header: header(t(`outcome.title.${d.state}`, { name: v.sub.name }), COLOR[d.state]),
    elements: [
      markdown(body),
      fields(pairs),
      ...(noteText ? [text(t('request.noteLine', { note: noteText }))] : []),
      note(t('outcome.reason', { reason: v.reason.length > 120 ? `${v.reason.slice(0, 119)}…` : v.reason })),
      ...(d.state === 'rejected' || d.state === 'expired' ? [note(t('outcome.again'))] : []),
    ],
  });
}
