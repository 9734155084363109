import type { EntityManager } from 'typeorm';
import { projectPausesRepo } from '../../db/repos/projectPauses.js';
import { spendingLayersRepo } from '../../db/repos/spendingLayers.js';
import { readSubAccountLayerInputs, type LayerInputs } from '../../db/repos/subAccountLayers.js';
import { billDay, billDayStart, billPeriod, previousPeriod } from '../../domain/billingPeriod.js';
import { knownSpend } from '../../domain/quota.js';
import { groupBy } from '../../domain/collections.js';
import { microToMoney, toMicro } from '../../domain/micro.js';
import { applyRatio } from '../../domain/spendingLayers.js';
import type { Money } from '../../domain/money.js';
import { openDaysOf } from '../watch/sweepBill.js';
import { SPLIT_BILL_LAG_MS } from '../watch/splitBilling.js';
import { combineProjects } from './freshLayer.js';
import { billedSpans, ratioResolver } from './ratios.js';

export type StoredLayers = {
  spent: Money;
  final: Money;
  /** what the bill detail (not yet split) adds on top of the split bill over the hours it covers */
  billed: Money;
  /** the end of the hours the bill detail covers; null when it covers none */
  billedAsOf: Date | null;
  estimated: Money;
  finalAsOf: string;
  estimatedAsOf: Date | null;
};

export type LayerProject = {
  /** present for stored projects: their paused days left out (project_pauses) apply to the estimate too */
  id?: string;
  accountId: string;
  projectName: string;
  countsFrom: string;
  monitored: boolean;
  spent: Money;
};

type Scope = 'these projects' | 'whole accounts';

/** The open days whose stored estimates count (bill days, Shanghai) and the last day the bill alone covers. */
export function storedLayersWindow(
  now: Date,
  lagMs = SPLIT_BILL_LAG_MS,
): { days: string[]; finalAsOf: string } {
  const current = billPeriod(now);
  const days = [...openDaysOf(previousPeriod(current), now, lagMs), ...openDaysOf(current, now, lagMs)];
  return { days, finalAsOf: billDay(new Date(billDayStart(days[0] ?? billDay(now)).getTime() - 1)) };
}

/**
 * A sub-account's spending by layer from what the last cycles stored (for the API, `airgate check` and the
 * cards outside a cycle): the bill's figures (projects' spent) plus what the stored estimates add over the
 * open days, calibrated and split between the billed layer's hours and the rest by the same rules as the
 * cycle (domain/spendingLayers, ./ratios). Without estimates it is the bill alone.
 */
export async function loadStoredLayers(
  m: EntityManager,
  projects: readonly LayerProject[],
  now: Date,
  lagMs = SPLIT_BILL_LAG_MS,
): Promise<StoredLayers> {
  const window = storedLayersWindow(now, lagMs);
  return layersFrom(projects, window, await readInputs(m, projects, window, 'these projects'));
}

/**
 * loadStoredLayers of many sub-accounts (`airgate check --json`), by sub-account id: five reads per main
 * account whatever the number of sub-accounts, each sub-account's share then found by project. The reads
 * take every row of those main accounts, or with `scope` 'these projects' only the rows of the projects
 * given (for a caller that takes an account's sub-accounts a few hundred at a time).
 */
export async function loadLayersOfMany(
  m: EntityManager,
  projectsBySub: ReadonlyMap<string, readonly LayerProject[]>,
  now: Date,
  { lagMs = SPLIT_BILL_LAG_MS, scope = 'whole accounts' }: { lagMs?: number; scope?: Scope } = {},
): Promise<Map<string, StoredLayers>> {
  const window = storedLayersWindow(now, lagMs);
  const all = [...projectsBySub.values()].flat();
  const shares = sharesOf(await readInputs(m, all, window, scope));
  const out = new Map<string, StoredLayers>();
  for (const [subId, projects] of projectsBySub)
    out.set(subId, layersFrom(projects, window, shares(projects)));
  return out;
}

/**
 * The inputs of `projects`' monitored projects, by main account (accounts without an estimate left out):
 * these projects' rows only (a main account may have thousands of projects with errors), or every row
 * of their main accounts when nearly all of them are wanted. The four reads after the estimates go side by
 * side: outside a transaction on MySQL each takes its own pooled connection.
 */
async function readInputs(
  m: EntityManager,
  projects: readonly LayerProject[],
  { days }: { days: string[] },
  scope: Scope,
): Promise<Map<string, LayerInputs>> {
  const inputs = new Map<string, LayerInputs>();
  for (const [accountId, mine] of monitoredByAccount(projects)) {
    const names = scope === 'these projects' ? mine.map((p) => p.projectName) : undefined;
    const ids = scope === 'these projects' ? mine.flatMap((p) => (p.id ? [p.id] : [])) : undefined;
    const estimates = await spendingLayersRepo.listEstimates(m, {
      accountId,
      sinceDay: days[0]!,
      untilDay: days.at(-1)!,
      ...(names ? { projectNames: names } : {}),
    });
    if (estimates.length === 0) continue;
    const [skipped, billed, errors, calibrations] = await Promise.all([
      projectPausesRepo.skippedOf(m, accountId, ids),
      spendingLayersRepo.listBilled(m, accountId, days[0]!),
      spendingLayersRepo.errors(m, accountId, names),
      spendingLayersRepo.calibrations(m, accountId),
    ]);
    inputs.set(accountId, { estimates, skipped, billed, errors, calibrations });
  }
  return inputs;
}

/** Each sub-account's part of whole accounts' inputs: its projects' estimates and errors, found by name. */
function sharesOf(
  inputs: ReadonlyMap<string, LayerInputs>,
): (projects: readonly LayerProject[]) => Map<string, LayerInputs> {
  const byName = <T extends { projectName: string }>(rows: readonly T[]) =>
    groupBy(rows, (r) => r.projectName);
  const indexed = new Map(
    [...inputs].map(([accountId, i]) => [
      accountId,
      { all: i, estimates: byName(i.estimates), errors: byName(i.errors) },
    ]),
  );
  return (projects) => {
    const out = new Map<string, LayerInputs>();
    for (const [accountId, mine] of monitoredByAccount(projects)) {
      const x = indexed.get(accountId);
      if (!x) continue;
      const of = <T>(rows: Map<string, T[]>) => mine.flatMap((p) => rows.get(p.projectName) ?? []);
      out.set(accountId, { ...x.all, estimates: of(x.estimates), errors: of(x.errors) });
    }
    return out;
  };
}

/**
 * loadStoredLayers of one stored sub-account's projects, as they are in the database now, in one
 * statement (readSubAccountLayerInputs) instead of five per main account: for a reader that has just read
 * those projects (the REST read, the quota card, `airgate check`).
 */
export async function loadSubAccountLayers(
  m: EntityManager,
  subAccountId: string,
  projects: readonly (LayerProject & { id: string })[],
  now: Date,
  lagMs = SPLIT_BILL_LAG_MS,
): Promise<StoredLayers> {
  const window = storedLayersWindow(now, lagMs);
  if (!projects.some((p) => p.monitored)) return layersFrom(projects, window, new Map());
  const inputs = await readSubAccountLayerInputs(m, subAccountId, monitoredByAccount(projects).keys(), {
    sinceDay: window.days[0]!,
    untilDay: window.days.at(-1)!,
  });
  return layersFrom(projects, window, inputs);
}

function monitoredByAccount(projects: readonly LayerProject[]): Map<string, LayerProject[]> {
  return groupBy(
    projects.filter((p) => p.monitored),
    (p) => p.accountId,
  );
}

/** The layers of `projects` from their main accounts' inputs (an account without inputs adds nothing). */
function layersFrom(
  projects: readonly LayerProject[],
  { days, finalAsOf }: { days: string[]; finalAsOf: string },
  inputs: ReadonlyMap<string, LayerInputs>,
): StoredLayers {
  const final = knownSpend(projects);
  let extra = 0n;
  let billed = 0n;
  let asOf: Date | null = null;
  let billedAsOf: Date | null = null;
  for (const [accountId, mine] of monitoredByAccount(projects)) {
    const input = inputs.get(accountId);
    if (!input || input.estimates.length === 0) continue;
    // The inputs may hold rows of projects the caller's list does not (read after it): only its count.
    const names = new Set(mine.map((p) => p.projectName));
    const withSkipped = mine.map((p) => ({ ...p, skipped: p.id ? input.skipped.get(p.id) : undefined }));
    const ratioFor = ratioResolver(input);
    for (const [day, until] of billedSpans(input.billed))
      if (until > billDayStart(day) && (!billedAsOf || until > billedAsOf)) billedAsOf = until;
    const perDay = new Map<string, bigint>();
    const perDaySpan = new Map<string, bigint>();
    // The estimate stands in for the Ark part of the bill only: the bill's Ark figure is kept on each row.
    const finalOf = new Map<string, bigint>();
    for (const e of input.estimates) {
      if (!names.has(e.projectName)) continue;
      const k = `${e.projectName}|${e.day}`;
      const ark = toMicro(e.arkFinal.toFixed(6)) ?? 0n;
      if (ark > (finalOf.get(k) ?? 0n)) finalOf.set(k, ark);
      const ratio = ratioFor(e.projectName, e.day, e.model);
      const micro = applyRatio(toMicro(e.estimated.toFixed(6)) ?? 0n, ratio);
      perDay.set(k, (perDay.get(k) ?? 0n) + micro);
      const span = applyRatio(toMicro(e.billedSpan.toFixed(6)) ?? 0n, ratio);
      perDaySpan.set(k, (perDaySpan.get(k) ?? 0n) + span);
      if (!asOf || e.usageAsOf > asOf) asOf = e.usageAsOf;
    }
    for (const l of combineProjects(withSkipped, days, finalOf, perDay, perDaySpan).values()) {
      extra += l.extra;
      billed += l.billed;
    }
  }
  return {
    spent: final.plus(microToMoney(extra)),
    final,
    billed: microToMoney(billed),
    billedAsOf,
    estimated: microToMoney(extra - billed),
    finalAsOf,
    estimatedAsOf: asOf,
  };
}
