import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, row, text } from './lib/builders.js';
import { formatMoney, formatSignedMoney, toDecimal } from './lib/format.js';
import { button } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardElement, CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** After `allocate` / `deduct`: the ledger entry written and the quota now. */
export type AllocationDoneView = {
  kind: 'allocate' | 'deduct';
  sub: SubRef;
  /** The amount as typed, positive for both kinds. */
  amount: MoneyLike;
  note: string;
  operator: string;
  seq: number;
  quota: QuotaFigures;
  /** The allocation brought the sub-account under 100 % and it is being re-enabled. */
  reEnabled?: boolean;
  /** The same request id was seen before: nothing new was written, this is the earlier result. */
  replayed?: boolean;
};

export function allocationDoneCard(v: AllocationDoneView, locale: Locale): CardJson {
  const t = translator(locale);
  const abs = toDecimal(v.amount).abs();
  const signed = v.kind === 'deduct' ? abs.neg() : abs;
  const elements: CardElement[] = [
    markdown(t(`allocation.${v.kind}.body`, { name: escapeMd(v.sub.name), amount: formatMoney(v.amount) })),
    fields([
      [t('allocation.entry'), `#${v.seq}  ${formatSignedMoney(signed)}`],
      [t('allocation.operator'), v.operator],
    ]),
    text(t('request.noteLine', { note: v.note })),
    ...quotaBlock(t, v.quota),
  ];
  if (v.reEnabled) elements.push(markdown(`<font color='green'>${t('allocation.reEnabled')}</font>`));
  if (v.replayed) elements.push(note(t('allocation.replayed')));
  elements.push(
    row([
      button(t('action.history'), actionValue('user.history', { sub: v.sub.id, page: 1 })),
      button(t('action.open'), actionValue('user.open', { sub: v.sub.id })),
    ]),
  );
  return card({
    header: header(
      t(`allocation.${v.kind}.title`, { amount: formatMoney(v.amount) }),
      v.kind === 'allocate' ? 'green' : 'orange',
    ),
    elements,
  });
}
