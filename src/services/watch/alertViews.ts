import type { SubLayers } from '../spending/subLayers.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { toDecimalString, type Money } from '../../domain/money.js';
import type { QuotaStatus } from '../../domain/quota.js';
import type { NoticeLocale } from '../notifications/types.js';
import type { EnforceabilityNotice } from '../enforcement/notices.js';
import type {
  DisabledNoticeView,
  EarlyWarningNoticeView,
  EnforcementFailedNoticeView,
  NoticeFreshness,
  NoticeLayers,
  NoticeProjectSpend,
  NoticeQuota,
  NoticeSubRef,
  ReEnabledNoticeView,
  ThresholdNoticeView,
} from './notices.js';

/** One sub-account as the watch read it in this cycle: the facts every alert shows. */
export type SubReading = {
  sub: SubAccountDto;
  projects: ProjectDto[];
  quota: QuotaStatus;
  thresholds: number[];
  burnPerHour: Money | null;
  /** When the newest bill data of its projects was first seen (bill rows are per day, so this is our best clock). */
  newestBillRowAt: Date | null;
  /** Which part of `quota.spent` is the bill's and which the estimate's (null: the bill alone). */
  layers?: SubLayers | null;
};

/** How alert data is framed: the language, now, and the lag + interval behind the worst-case overspend. */
export type CardContext = {
  locale: NoticeLocale;
  now: Date;
  /** the split bill's lag (hours) */
  lagHours: number;
  /** the estimate's lag (hours): the usage lag */
  freshLagHours?: number;
  intervalMinutes: number;
};

export const subRef = (s: SubAccountDto): NoticeSubRef => ({
  id: s.id,
  name: s.displayName ? `${s.userName} (${s.displayName})` : s.userName,
});

export function quotaFigures(q: QuotaStatus): NoticeQuota {
  return {
    quota: toDecimalString(q.quota),
    spent: toDecimalString(q.spent),
    remaining: toDecimalString(q.remaining),
    percent: q.percent.isFinite() ? toDecimalString(q.percent) : null,
  };
}

function projectSpend(r: SubReading): NoticeProjectSpend[] {
  return r.projects
    .filter((p) => p.monitored)
    .sort((a, b) => b.spent.comparedTo(a.spent))
    .map((p) => ({ name: p.projectName, spent: toDecimalString(p.spent) }));
}

/**
 * Spending may already be this far past what AirGate sees: burn × (lag of the freshest layer + check
 * interval) — the usage lag when the estimate is on, else the split bill's.
 */
export function worstCaseOverspend(
  burn: Money | null,
  ctx: Pick<CardContext, 'lagHours' | 'intervalMinutes' | 'freshLagHours'>,
  fresh = false,
): Money | null {
  // An unknown burn rate gives an unknown overspend, never ¥0.00.
  if (burn === null) return null;
  const lag = fresh && ctx.freshLagHours !== undefined ? ctx.freshLagHours : ctx.lagHours;
  return burn.times(lag + ctx.intervalMinutes / 60);
}

const decimalOrNull = (m: Money | null): string | null => (m === null ? null : toDecimalString(m));

/**
 * Whether the rate shown is the Ark usage estimate's (its lag is the usage's, minutes); a rate from the bill
 * (a team spending on other products too, or not on Ark at all) lags as the split bill does, up to 2 days.
 */
function rateFromUsage(r: Pick<SubReading, 'burnPerHour' | 'layers'>): boolean {
  const usage = r.layers?.perHour ?? null;
  return usage !== null && r.burnPerHour !== null && usage.gte(r.burnPerHour);
}

function layersNotice(l: SubLayers): NoticeLayers {
  return {
    final: toDecimalString(l.final),
    estimated: toDecimalString(l.estimated),
    finalAsOf: l.finalAsOf,
    estimatedAsOf: l.estimatedAsOf.toISOString(),
    billed: toDecimalString(l.billed),
    billedAsOf: l.billedAsOf?.toISOString() ?? null,
  };
}

function freshness(r: SubReading, ctx: CardContext): NoticeFreshness {
  return {
    newestBillRowAt: r.newestBillRowAt?.toISOString() ?? null,
    worstCaseOverspend: decimalOrNull(worstCaseOverspend(r.burnPerHour, ctx, rateFromUsage(r))),
  };
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
    projects: projectSpend(r),
    burnPerHour: r.burnPerHour ? toDecimalString(r.burnPerHour.toDecimalPlaces(6)) : null,
    exhaustsInHours: hoursLeft(r),
    newestBillRowAt: r.newestBillRowAt?.toISOString() ?? null,
    worstCaseOverspend: decimalOrNull(
      worstCaseOverspend(r.burnPerHour, ctx, rateFromUsage(r))?.toDecimalPlaces(6) ?? null,
    ),
    ...(r.layers ? { layers: layersNotice(r.layers) } : {}),
    ...extra,
  };
}

/** The facts every spending alert shows. */
function spendingFacts(r: SubReading, ctx: CardContext) {
  return {
    sub: subRef(r.sub),
    quota: quotaFigures(r.quota),
    projects: projectSpend(r),
    // Unknown stays unknown (null): a card says "not enough data yet", never ¥0.00/h.
    burnPerHour: r.burnPerHour ? toDecimalString(r.burnPerHour.toDecimalPlaces(6)) : null,
    freshness: freshness(r, ctx),
    ...(r.layers ? { layers: layersNotice(r.layers) } : {}),
    now: ctx.now.toISOString(),
  };
}

export function thresholdView(r: SubReading, step: number, ctx: CardContext): ThresholdNoticeView {
  const facts = spendingFacts(r, ctx);
  return {
    ...facts,
    sub: { ...facts.sub, owner: r.sub.ownerOpenId },
    threshold: step,
    exhaustsInHours: hoursLeft(r),
  };
}

export function earlyView(
  r: SubReading,
  hours: number,
  horizonHours: number,
  ctx: CardContext,
): EarlyWarningNoticeView {
  return { ...spendingFacts(r, ctx), exhaustsInHours: hours, horizonHours };
}

export function disabledView(
  r: SubReading,
  off: { keys: string[]; login: boolean; at: Date },
  ctx: CardContext,
  enforceability: EnforceabilityNotice | null = null,
): DisabledNoticeView {
  return {
    ...spendingFacts(r, ctx),
    accessKeys: [...off.keys],
    login: off.login,
    at: off.at.toISOString(),
    ...(enforceability ? { enforceability } : {}),
  };
}

export function reenabledView(
  r: SubReading,
  on: { keys: string[]; login: boolean; at: Date; allocatedBy: string | null; correctedByBill?: boolean },
): ReEnabledNoticeView {
  return {
    sub: subRef(r.sub),
    quota: quotaFigures(r.quota),
    accessKeys: [...on.keys],
    login: on.login,
    at: on.at.toISOString(),
    allocatedBy: on.correctedByBill ? null : on.allocatedBy,
    ...(on.correctedByBill ? { correctedByBill: true } : {}),
  };
}

export function failedView(
  r: SubReading,
  v: { action: 'disable' | 'enable'; attempts: number; reason: string; at: Date },
): EnforcementFailedNoticeView {
  return {
    sub: subRef(r.sub),
    action: v.action,
    attempts: v.attempts,
    reason: v.reason,
    at: v.at.toISOString(),
  };
}
