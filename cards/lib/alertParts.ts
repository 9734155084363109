import type { Translate } from '../i18n/index.js';
import { escapeMd, markdown, row } from './builders.js';
import { formatHours, formatMoney, formatPercent, percentOf, toDecimal } from './format.js';
import { button } from './interactive.js';
import type { SubRef } from './parts.js';
import type { CardElement, Locale, MoneyLike } from './types.js';
import { actionValue } from './values.js';

export type ProjectSpend = { name: string; spent: MoneyLike };

/** Projects shown one per line in an alert; the rest are summed into one line (the detail card lists all). */
const PROJECTS_MAX = 15;

/** The per-project breakdown, biggest first, with each project's share of the total. */
export function projectBreakdown(
  t: Translate,
  projects: readonly ProjectSpend[],
  total: MoneyLike,
): CardElement {
  const shown = projects.slice(0, PROJECTS_MAX);
  const lines = shown.map(
    (p) => `- ${escapeMd(p.name)}  ${formatMoney(p.spent)}  (${formatPercent(percentOf(p.spent, total), 0)})`,
  );
  const rest = projects.slice(PROJECTS_MAX);
  if (rest.length) {
    const sum = rest.reduce((acc, p) => acc.plus(toDecimal(p.spent)), toDecimal('0'));
    lines.push(`- ${t('alert.otherProjects', { count: rest.length })}  ${formatMoney(sum)}`);
  }
  return markdown([`**${t('alert.byProject')}**`, ...(lines.length ? lines : [t('common.none')])].join('\n'));
}

/** "24 小时消耗速度 ¥50.00/小时，预计 约 2 小时 后用完". */
export function burnLine(
  t: Translate,
  burnPerHour: MoneyLike | null,
  exhaustsInHours: number | null,
  locale: Locale,
): CardElement {
  // Unknown is said so, never shown as ¥0.00/小时.
  if (burnPerHour == null) return markdown(t('spending.burn.unknown'));
  const eta =
    exhaustsInHours == null
      ? t('user.noEta')
      : exhaustsInHours <= 0
        ? t('alert.exhaustedNow')
        : formatHours(exhaustsInHours, locale);
  return markdown(t('alert.burn', { rate: formatMoney(burnPerHour), eta }));
}

/** Request more quota, or open the sub-account: the next steps an alert offers. */
export function alertButtons(t: Translate, sub: SubRef): CardElement {
  return row([
    button(t('action.apply'), actionValue('quota.applyPrompt', { sub: sub.id }), { style: 'primary' }),
    button(t('action.open'), actionValue('user.open', { sub: sub.id })),
  ]);
}
