import type { Translate } from '../i18n/index.js';
import { escapeMd, markdown } from './builders.js';
import { formatShanghai } from './format.js';
import { joinNames } from './parts.js';
import type { CardElement } from './types.js';

/** What in a sub-account's monitored projects AirGate cannot stop (the enforceability report). */
export type ArkEnforceabilityView = {
  projects: ReadonlyArray<{
    project: string;
    presetEndpoints: readonly string[];
    allResourceKeys: readonly string[];
    keysOfUnknownPermission: readonly string[];
    error: string | null;
  }>;
  accountWidePolicies: readonly string[];
  temporaryKeysValidUntil: Date;
};

/** The report as lines for a card (the sub-account card, every disable card, the Ark cards). */
export function enforceabilityLines(t: Translate, v: ArkEnforceabilityView): string[] {
  const lines: string[] = [];
  for (const p of v.projects) {
    const project = escapeMd(p.project);
    if (p.error) lines.push(t('ark.report.error', { project, reason: escapeMd(p.error) }));
    if (p.presetEndpoints.length)
      lines.push(t('ark.report.preset', { project, ids: joinNames(t, p.presetEndpoints) }));
    if (p.allResourceKeys.length)
      lines.push(t('ark.report.allKeys', { project, names: joinNames(t, p.allResourceKeys) }));
    if (p.keysOfUnknownPermission.length)
      lines.push(t('ark.report.unknownKeys', { project, names: joinNames(t, p.keysOfUnknownPermission) }));
  }
  if (v.accountWidePolicies.length)
    lines.push(t('ark.report.global', { names: joinNames(t, v.accountWidePolicies) }));
  lines.push(t('ark.report.tempKeys', { until: formatShanghai(v.temporaryKeysValidUntil, { zone: true }) }));
  return lines;
}

export function enforceabilityBlock(t: Translate, v: ArkEnforceabilityView): CardElement {
  return markdown(
    [`**${t('ark.report.title')}**`, ...enforceabilityLines(t, v).map((l) => `- ${l}`)].join('\n'),
  );
}

/** The warning a confirmed account-wide attach of a policy that can spend carries (chat card note). */
export function uncountedSpendingNote(t: Translate, userName: string): string {
  return t('policy.uncounted', { name: userName });
}
