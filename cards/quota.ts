import { translator } from './i18n/index.js';
import { card, header, note, row } from './lib/builders.js';
import { formatHours, formatMoney, formatPercent, formatShanghai, toDecimal } from './lib/format.js';
import { button } from './lib/interactive.js';
import {
  percentFor,
  quotaBlock,
  statusTag,
  type QuotaFigures,
  type SubRef,
  type SubStatus,
} from './lib/parts.js';
import type { CardElement, CardJson, HeaderColor, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';
import { hasFreshPart, spendingLayersLine, type SpendingLayersView } from './lib/spendingParts.js';

export type QuotaCardView = {
  sub: SubRef & { status: SubStatus };
  quota: QuotaFigures;
  thresholds: readonly number[];
  thresholdsOverridden: boolean;
  /** null: not enough data yet (said so on the card); absent: no burn line */
  burnPerHour?: MoneyLike | null;
  exhaustsInHours?: number | null;
  /** When the spending figure was last updated from the bill. */
  spentAsOf?: Date | null;
  /**
   * Spending by layer, as the alerts count it (`quota` is then bill + bill detail + estimate): the card says
   * which part is which when the fresher layers add anything.
   */
  layers?: SpendingLayersView | null;
};

/** ok under the highest threshold, warning from it, exhausted at 100 %. */
export function quotaState(
  percent: MoneyLike | number,
  thresholds: readonly number[],
): 'ok' | 'warning' | 'exhausted' {
  const p = toDecimal(percent);
  if (!p.isFinite() || p.gte(100)) return 'exhausted';
  const top = thresholds[thresholds.length - 1];
  return top !== undefined && p.gte(top) ? 'warning' : 'ok';
}

const COLOR: Record<ReturnType<typeof quotaState>, HeaderColor> = {
  ok: 'green',
  warning: 'orange',
  exhausted: 'red',
};

export function quotaCard(v: QuotaCardView, locale: Locale): CardJson {
  const t = translator(locale);
  const pct = percentFor(v.quota);
  const state = quotaState(pct, v.thresholds);
  const elements: CardElement[] = [...quotaBlock(t, v.quota, v.thresholds[v.thresholds.length - 1] ?? 80)];
  if (v.burnPerHour != null) {
    const eta = v.exhaustsInHours != null ? formatHours(v.exhaustsInHours, locale) : t('user.noEta');
    elements.push(note(t('user.burn', { rate: formatMoney(v.burnPerHour), eta })));
  } else if (v.burnPerHour === null) elements.push(note(t('spending.burn.unknown')));
  elements.push(
    note(
      t(v.thresholdsOverridden ? 'user.thresholdsOwn' : 'user.thresholdsGlobal', {
        list: v.thresholds.map((n) => `${n}%`).join(' / '),
      }),
    ),
  );
  if (v.layers && hasFreshPart(v.layers)) elements.push(spendingLayersLine(t, v.layers));
  if (v.spentAsOf) elements.push(note(t('quota.asOf', { at: formatShanghai(v.spentAsOf, { zone: true }) })));
  elements.push(
    row([
      button(t('action.apply'), actionValue('quota.applyPrompt', { sub: v.sub.id }), { style: 'primary' }),
      button(t('action.history'), actionValue('user.history', { sub: v.sub.id, page: 1 })),
      button(t('action.open'), actionValue('user.open', { sub: v.sub.id })),
    ]),
  );
  return card({
    header: header(t('quota.title', { name: v.sub.name }), COLOR[state], {
      subtitle: t(`quota.state.${state}`, { percent: formatPercent(pct) }),
      tags: [statusTag(t, v.sub.status)],
    }),
    elements,
  });
}
