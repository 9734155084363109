import { translator } from './i18n/index.js';
import { enforceabilityBlock, type ArkEnforceabilityView } from './lib/arkEnforceability.js';
import { card, escapeMd, header, markdown, note, text } from './lib/builders.js';
import { formatPercent, formatShanghai } from './lib/format.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, HeaderColor, Locale, MoneyLike } from './lib/types.js';

export type ArkLeverLine = { lever: 'throttle' | 'stop' | 'deny' | 'regen'; project: string; target: string };

/**
 * One step of the Ark ladder for a sub-account: throttled near the quota, stopped at 100 %, a stop undone
 * by hand and repaired, restored after an allocation, or a lever that failed (retried next cycle).
 */
export type ArkEnforcementView = {
  kind: 'throttled' | 'stopped' | 'repaired' | 'restored' | 'failed';
  sub: SubRef;
  percent: MoneyLike;
  throttle: { rpm: number; tpm: number };
  changes: readonly ArkLeverLine[];
  failures: ReadonlyArray<ArkLeverLine & { reason: string }>;
  /** What still can spend; null when not read (throttle, restore). */
  report: ArkEnforceabilityView | null;
  at: Date;
};

const COLOR: Record<ArkEnforcementView['kind'], HeaderColor> = {
  throttled: 'orange',
  stopped: 'red',
  repaired: 'red',
  restored: 'green',
  failed: 'red',
};

export function arkEnforcementCard(v: ArkEnforcementView, locale: Locale): CardJson {
  const t = translator(locale);
  const name = escapeMd(v.sub.name);
  const line = (c: ArkLeverLine) =>
    `- ${t(v.kind === 'restored' ? `ark.lever.restore.${c.lever}` : `ark.lever.${c.lever}`, {
      target: escapeMd(c.target),
      project: escapeMd(c.project),
    })}`;
  const body = t(`ark.${v.kind}.body`, {
    name,
    pct: formatPercent(v.percent),
    rpm: v.throttle.rpm,
    tpm: v.throttle.tpm,
  });
  const elements = [
    markdown([body, ...(v.changes.length ? v.changes.map(line) : [t('ark.none')])].join('\n')),
  ];
  if (v.kind !== 'failed' && v.failures.length) elements.push(markdown(`**${t('ark.failed.body')}**`));
  if (v.failures.length) {
    if (v.kind === 'failed') elements.splice(0, 1, markdown(t('ark.failed.body')));
    elements.push(markdown(v.failures.map(line).join('\n')));
    elements.push(
      text(
        v.failures
          .map((f) => f.reason)
          .filter((r, i, a) => a.indexOf(r) === i)
          .join('; '),
        { color: 'red' },
      ),
    );
  }
  if (v.report) elements.push(enforceabilityBlock(t, v.report));
  if (v.changes.some((c) => c.lever === 'regen')) elements.push(note(t('ark.regen.note')));
  elements.push(note(formatShanghai(v.at, { zone: true })));
  return card({ header: header(t(`ark.${v.kind}.title`, { name: v.sub.name }), COLOR[v.kind]), elements });
}
