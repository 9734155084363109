import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { toDecimalString, ZERO, type Money } from '../../domain/money.js';
import type { QuotaStatus } from '../../domain/quota.js';
import type { Locale } from '../../../cards/lib/types.js';
import type { CardJson } from '../../../cards/lib/types.js';
import type { Freshness, QuotaFigures } from '../../../cards/lib/parts.js';
import type { ProjectSpend } from '../../../cards/lib/alertParts.js';
import { thresholdAlertCard } from '../../../cards/thresholdAlert.js';
import { earlyWarningCard } from '../../../cards/earlyWarning.js';
import { subAccountDisabledCard } from '../../../cards/subAccountDisabled.js';
import { subAccountReEnabledCard } from '../../../cards/subAccountReEnabled.js';
import { syncErrorCard, type SyncErrorView } from '../../../cards/syncError.js';
import { enforcementFailedCard, type EnforcementFailedView } from '../../../cards/enforcementFailed.js';

/** One sub-account as the watch read it in this cycle: the facts every alert card shows. */
export type SubReading = {
  sub: SubAccountDto;
  projects: ProjectDto[];
  quota: QuotaStatus;
  thresholds: number[];
  burnPerHour: Money | null;
  /** When the newest bill data of its projects was first seen (bill rows are per day, so this is our best clock). */
  newestBillRowAt: Date | null;
};

/** How card data is framed: the language, now, and the lag + interval behind the worst-case overspend. */
export type CardContext = { locale: Locale; now: Date; lagHours: number; intervalMinutes: number };

const ref = (s: SubAccountDto) => ({
  id: s.id,
  name: s.displayName ? `${s.userName} (${s.displayName})` : s.userName,
});

function figures(q: QuotaStatus): QuotaFigures {
  return {
    quota: q.quota,
    spent: q.spent,
    remaining: q.remaining,
    percent: q.percent.isFinite() ? q.percent : Infinity,
  };
}

function projectSpend(r: SubReading): ProjectSpend[] {
  return r.projects
    .filter((p) => p.monitored)
    .sort((a, b) => b.spent.comparedTo(a.spent))
    .map((p) => ({ name: p.projectName, spent: p.spent }));
}

/** Spending may already be this far past what the bill shows: burn × (bill lag + check interval). */
export function worstCaseOverspend(
  burn: Money | null,
  ctx: Pick<CardContext, 'lagHours' | 'intervalMinutes'>,
): Money {
  return (burn ?? ZERO).times(ctx.lagHours + ctx.intervalMinutes / 60);
}

function freshness(r: SubReading, ctx: CardContext): Freshness {
  return { newestBillRowAt: r.newestBillRowAt, worstCaseOverspend: worstCaseOverspend(r.burnPerHour, ctx) };
}

export function hoursLeft(r: Pick<SubReading, 'quota' | 'burnPerHour'>): number | null {
  if (!r.burnPerHour || r.burnPerHour.lte(0)) return null;
  return r.quota.remaining.lte(0) ? 0 : r.quota.remaining.div(r.burnPerHour).toNumber();
}

/** What an alert row keeps (the REST alert list shows it): decimal strings, ISO times. */
export function alertDetails(
  r: SubReading,
  ctx: CardContext,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    userName: r.sub.userName,
    quota: toDecimalString(r.quota.quota),
    spent: toDecimalString(r.quota.spent),
    remaining: toDecimalString(r.quota.remaining),
    projects: projectSpend(r).map((p) => ({ name: p.name, spent: toDecimalString(p.spent as Money) })),
    burnPerHour: r.burnPerHour ? toDecimalString(r.burnPerHour.toDecimalPlaces(6)) : null,
    exhaustsInHours: hoursLeft(r),
    newestBillRowAt: r.newestBillRowAt?.toISOString() ?? null,
    worstCaseOverspend: toDecimalString(worstCaseOverspend(r.burnPerHour, ctx).toDecimalPlaces(6)),
    ...extra,
  };
}

export function thresholdCard(r: SubReading, step: number, ctx: CardContext): CardJson {
  return thresholdAlertCard(
    {
      sub: { ...ref(r.sub), owner: r.sub.ownerOpenId },
      threshold: step,
      quota: figures(r.quota),
      projects: projectSpend(r),
      burnPerHour: r.burnPerHour ?? ZERO,
      exhaustsInHours: hoursLeft(r),
      freshness: freshness(r, ctx),
      now: ctx.now,
    },
    ctx.locale,
  );
}

export function earlyCard(r: SubReading, hours: number, horizonHours: number, ctx: CardContext): CardJson {
  return earlyWarningCard(
    {
      sub: ref(r.sub),
      quota: figures(r.quota),
      projects: projectSpend(r),
      burnPerHour: r.burnPerHour ?? ZERO,
      exhaustsInHours: hours,
      horizonHours,
      freshness: freshness(r, ctx),
      now: ctx.now,
    },
    ctx.locale,
  );
}

export function disabledCard(
  r: SubReading,
  off: { keys: string[]; login: boolean; at: Date },
  ctx: CardContext,
): CardJson {
  return subAccountDisabledCard(
    {
      sub: ref(r.sub),
      quota: figures(r.quota),
      projects: projectSpend(r),
      accessKeys: off.keys,
      login: off.login,
      at: off.at,
      burnPerHour: r.burnPerHour ?? ZERO,
      freshness: freshness(r, ctx),
      now: ctx.now,
    },
    ctx.locale,
  );
}

export function reenabledCard(
  r: SubReading,
  on: { keys: string[]; login: boolean; at: Date; allocatedBy: string | null },
  ctx: CardContext,
): CardJson {
  return subAccountReEnabledCard(
    {
      sub: ref(r.sub),
      quota: figures(r.quota),
      accessKeys: on.keys,
      login: on.login,
      at: on.at,
      allocatedBy: on.allocatedBy,
    },
    ctx.locale,
  );
}

export function syncCard(v: SyncErrorView, ctx: CardContext): CardJson {
  return syncErrorCard(v, ctx.locale);
}

export function failedCard(r: SubReading, v: Omit<EnforcementFailedView, 'sub'>, ctx: CardContext): CardJson {
  return enforcementFailedCard({ ...v, sub: ref(r.sub) }, ctx.locale);
}
