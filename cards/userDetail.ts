import { translator, type Translate } from './i18n/index.js';
import { enforceabilityBlock, type ArkEnforceabilityView } from './lib/arkEnforceability.js';
import { card, escapeMd, header, hr, markdown, note, row } from './lib/builders.js';
import { formatHours, formatMoney, formatShanghai, formatSignedMoney } from './lib/format.js';
import { button, select } from './lib/interactive.js';
import {
  joinNames,
  quotaBlock,
  statusTag,
  type QuotaFigures,
  type SubRef,
  type SubStatus,
} from './lib/parts.js';
import type { CardElement, CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type UserProject = { name: string; monitored: boolean; spent: MoneyLike; policies: readonly string[] };
export type RecentEntry = { at: Date; amount: MoneyLike; note: string; operator: string };

export type UserDetailView = {
  sub: SubRef & { status: SubStatus; displayName?: string | null; account?: string; owner?: string | null };
  quota: QuotaFigures;
  projects: readonly UserProject[];
  /** Policies attached to the user itself (not scoped to one of its projects). */
  policies: readonly string[];
  thresholds: readonly number[];
  thresholdsOverridden: boolean;
  /** The last few ledger entries, newest first. */
  recent: readonly RecentEntry[];
  burnPerHour?: MoneyLike | null;
  exhaustsInHours?: number | null;
  /** What AirGate cannot stop in the monitored projects (the enforceability report); absent when unknown. */
  enforceability?: ArkEnforceabilityView | null;
  /** The viewer may allocate quota directly (admins): the card offers "Allocate quota". */
  canAllocate?: boolean;
};

/** Up to this many projects get a toggle button each; beyond it one dropdown toggles any of them. */
const BUTTON_PROJECTS = 10;

function projectRow(t: Translate, sub: SubRef, p: UserProject): CardElement {
  const state = p.monitored ? t('project.monitored') : t('project.unmonitored');
  const policies = p.policies.length ? ` · ${joinNames(t, p.policies)}` : '';
  return {
    tag: 'column_set',
    flex_mode: 'none',
    columns: [
      {
        tag: 'column',
        width: 'weighted',
        weight: 3,
        vertical_align: 'center',
        elements: [
          markdown(
            `**${escapeMd(p.name)}**  ${formatMoney(p.spent)}\n<font color='grey'>${state}${policies}</font>`,
          ),
        ],
      },
      {
        tag: 'column',
        width: 'auto',
        vertical_align: 'center',
        elements: [
          button(
            p.monitored ? t('project.stopWatching') : t('project.startWatching'),
            actionValue('project.toggle', { sub: sub.id, project: p.name, on: !p.monitored }),
            {
              style: p.monitored ? 'default' : 'primary',
            },
          ),
        ],
      },
    ],
  };
}

function projectsSection(t: Translate, v: UserDetailView): CardElement[] {
  const title = markdown(
    `**${t('user.projects', { monitored: v.projects.filter((p) => p.monitored).length, total: v.projects.length })}**`,
  );
  if (v.projects.length === 0) return [title, note(t('user.noProjects'))];
  if (v.projects.length <= BUTTON_PROJECTS) return [title, ...v.projects.map((p) => projectRow(t, v.sub, p))];
  const lines = v.projects.map(
    (p) =>
      `- ${escapeMd(p.name)}  ${formatMoney(p.spent)}  ${p.monitored ? t('project.monitored') : t('project.unmonitored')}`,
  );
  return [
    title,
    markdown(lines.join('\n')),
    select({
      placeholder: t('project.togglePick'),
      options: v.projects.map((p) => ({ label: p.name, value: p.name })),
      value: actionValue('project.pick', { sub: v.sub.id, mode: 'toggle' }),
    }),
  ];
}

export function userDetailCard(v: UserDetailView, locale: Locale): CardJson {
  const t = translator(locale);
  const s = v.sub;
  const subtitle = [
    s.displayName,
    s.account && t('user.account', { account: s.account }),
    s.owner && t('user.owner', { owner: s.owner }),
  ]
    .filter(Boolean)
    .join(' · ');
  const burn =
    v.burnPerHour != null
      ? t('user.burn', {
          rate: formatMoney(v.burnPerHour),
          eta: v.exhaustsInHours != null ? formatHours(v.exhaustsInHours, locale) : t('user.noEta'),
        })
      : v.burnPerHour === null
        ? t('spending.burn.unknown')
        : null;
  const elements: CardElement[] = [
    ...quotaBlock(t, v.quota, v.thresholds[v.thresholds.length - 1] ?? 80),
    ...(burn ? [note(burn)] : []),
    note(
      t(v.thresholdsOverridden ? 'user.thresholdsOwn' : 'user.thresholdsGlobal', {
        list: v.thresholds.map((n) => `${n}%`).join(' / '),
      }),
    ),
    hr(),
    ...projectsSection(t, v),
    markdown(`**${t('user.policies')}**  ${joinNames(t, v.policies)}`),
    ...(v.enforceability ? [enforceabilityBlock(t, v.enforceability)] : []),
    hr(),
    markdown(
      [
        `**${t('user.recent')}**`,
        ...(v.recent.length
          ? v.recent
              .slice(0, 5)
              .map(
                (e) =>
                  `- ${formatShanghai(e.at)}  ${formatSignedMoney(e.amount)}  ${escapeMd(e.operator)}  ${escapeMd(e.note)}`,
              )
          : [t('common.noneYet')]),
      ].join('\n'),
    ),
    row([
      button(t('action.apply'), actionValue('quota.applyPrompt', { sub: s.id }), { style: 'primary' }),
      ...(v.canAllocate
        ? [button(t('action.allocate'), actionValue('quota.allocatePrompt', { sub: s.id }))]
        : []),
      button(t('action.history'), actionValue('user.history', { sub: s.id, page: 1 })),
      button(t('action.billing'), actionValue('billing.open', { sub: s.id })),
      s.status === 'disabled' || s.status === 'disabling'
        ? button(t('action.enable'), actionValue('user.enable', { sub: s.id }), {
            confirm: { title: t('action.enable'), text: t('action.enableConfirm', { name: s.name }) },
          })
        : button(t('action.disable'), actionValue('user.disable', { sub: s.id }), {
            style: 'danger',
            confirm: { title: t('action.disable'), text: t('action.disableConfirm', { name: s.name }) },
          }),
    ]),
  ];
  return card({
    header: header(t('user.title', { name: s.name }), 'blue', {
      ...(subtitle ? { subtitle } : {}),
      tags: [statusTag(t, s.status)],
    }),
    elements,
  });
}
