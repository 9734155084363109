import { estimateErrorLine } from './lib/spendingParts.js';
import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, hr, markdown, note, row } from './lib/builders.js';
import { trendChart, type TrendPoint } from './lib/chart.js';
import { formatCount, formatMoney, formatPercent, formatShanghai } from './lib/format.js';
import { button } from './lib/interactive.js';
import type { SubRef } from './lib/parts.js';
import type { CardElement, CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type DashboardRow = SubRef & { spent: MoneyLike; quota: MoneyLike; percent: MoneyLike | number };

export type DashboardView = {
  totals: {
    subAccounts: number;
    active: number;
    disabled: number;
    quota: MoneyLike;
    spent: MoneyLike;
    remaining: MoneyLike;
  };
  /** At or above the highest threshold but under 100 %, most used first. */
  near: readonly DashboardRow[];
  /** At or over 100 %, most used first. */
  over: readonly DashboardRow[];
  disabled: readonly DashboardRow[];
  /** Spending per Asia/Shanghai day, oldest first. */
  trend: readonly TrendPoint[];
  lastCheckAt: Date | null;
  /** Per model, how far the raw estimate was from the final bill (percent, "+20"); absent or empty: none yet */
  /** the estimate's error per project and model (project null: the model over every project) */
  estimateErrors?: ReadonlyArray<{ model: string; percent: string; project?: string | null }>;
  /**
   * Ark spending of the last seven days that no quota is charged for (projects nobody monitors, rows with
   * no project); null or absent when the bills could not be read.
   */
  unattributed?: {
    amount: MoneyLike;
    projects: ReadonlyArray<{ project: string; amount: MoneyLike }>;
  } | null;
};

/** Projects named on the unattributed line; the rest are only in the total. */
const UNATTRIBUTED_MAX = 5;

/** The dashboard names the first few of each list; the complete, paged list is the users card. */
const LIST_MAX = 8;

function list(t: ReturnType<typeof translator>, title: string, rows: readonly DashboardRow[]): CardElement {
  const lines = rows
    .slice(0, LIST_MAX)
    .map(
      (r) =>
        `- ${escapeMd(r.name)}  ${formatMoney(r.spent)} / ${formatMoney(r.quota)}  **${formatPercent(r.percent)}**`,
    );
  if (rows.length > LIST_MAX) lines.push(t('dashboard.more', { count: rows.length - LIST_MAX }));
  return markdown(
    [`**${title}** (${rows.length})`, ...(rows.length ? lines : [t('common.noneYet')])].join('\n'),
  );
}

function unattributedLines(
  t: ReturnType<typeof translator>,
  u: NonNullable<DashboardView['unattributed']>,
): CardElement[] {
  if (u.projects.length === 0) return [note(t('dashboard.unattributedNone'))];
  const named = u.projects
    .slice(0, UNATTRIBUTED_MAX)
    .map((p) => `${escapeMd(p.project || '-')} ${formatMoney(p.amount)}`);
  if (u.projects.length > UNATTRIBUTED_MAX) named.push('…');
  return [
    markdown(t('dashboard.unattributed', { amount: formatMoney(u.amount) })),
    note(t('dashboard.unattributedWhy', { projects: named.join(', ') })),
  ];
}

export function dashboardCard(v: DashboardView, locale: Locale): CardJson {
  const t = translator(locale);
  const s = v.totals;
  const elements: CardElement[] = [
    fields([
      [
        t('dashboard.subAccounts'),
        t('dashboard.subCounts', {
          total: formatCount(s.subAccounts),
          active: formatCount(s.active),
          disabled: formatCount(s.disabled),
        }),
      ],
      [t('quota.quota'), formatMoney(s.quota)],
      [t('quota.spent'), formatMoney(s.spent)],
      [t('quota.remaining'), formatMoney(s.remaining)],
    ]),
    hr(),
    list(t, t('dashboard.over'), v.over),
    list(t, t('dashboard.near'), v.near),
    list(t, t('dashboard.disabled'), v.disabled),
    hr(),
  ];
  if (v.trend.length > 1) {
    elements.push(
      markdown(`**${t('dashboard.trend', { days: v.trend.length })}**`),
      trendChart(v.trend, t('quota.spent')),
    );
  }
  if (v.trend.length > 0) {
    const last = v.trend[v.trend.length - 1]!;
    elements.push(note(t('dashboard.lastDay', { day: last.label, amount: formatMoney(last.amount) })));
  }
  if (v.unattributed) elements.push(...unattributedLines(t, v.unattributed));
  if (v.estimateErrors?.length) elements.push(note(estimateErrorLine(t, v.estimateErrors)));
  elements.push(
    note(
      v.lastCheckAt
        ? t('dashboard.lastCheck', { at: formatShanghai(v.lastCheckAt, { zone: true }) })
        : t('dashboard.noCheck'),
    ),
    row([
      button(t('dashboard.allUsers'), actionValue('users.page', { page: 1 }), { style: 'primary' }),
      button(t('check.runNow'), actionValue('check.run', {})),
    ]),
  );
  return card({ header: header(t('dashboard.title'), 'blue'), elements });
}

/** The week's unattributed Ark spending, as the weekly line in the alert chat (days are Shanghai bill days). */
export type UnattributedWeekView = NonNullable<DashboardView['unattributed']> & {
  since: string;
  until: string;
};

export function unattributedWeekCard(v: UnattributedWeekView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('unattributedWeek.title', { since: v.since, until: v.until }), 'orange'),
    elements: unattributedLines(t, v),
  });
}
