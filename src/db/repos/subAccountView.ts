import type { EntityManager } from 'typeorm';
import { money, type Money } from '../../domain/money.js';
import { RecentMap } from '../recentMap.js';
import { runKeyedRead, type KeyedRead } from './apiKeys.js';
import { textsByCount, type BatchedRead } from './batchedReads.js';
import type { SubAccountStatus } from '../entities/subAccount.js';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

/** What GET /api/v1/subaccounts/{name} shows of one sub-account, read in one statement. */
export type SubAccountViewRow = {
  subAccount: {
    id: string;
    accountId: string;
    userName: string;
    displayName: string | null;
    status: SubAccountStatus;
    disabledReason: string | null;
    disabledAt: Date | null;
    balance: Money;
    thresholds: number[] | null;
  };
  /** The main account's name ('' if the row is gone, as the two-read path showed it). */
  accountName: string;
  /** By project name, as projectsRepo.listBySubAccount orders them. */
  projects: Array<{
    id: string;
    accountId: string;
    projectName: string;
    monitored: boolean;
    countsFrom: string;
    spent: Money;
    spentUpdatedAt: Date | null;
  }>;
  /**
   * The counter of the main account's stored layers (layerVersionsRepo); null while it has none (every
   * write of a layer row raises it, and the migration that made the counters gave one to each account that
   * had rows).
   */
  layersVersion: number | null;
};

type Raw = Record<string, unknown>;

// One row per project (or one row without project).
const SELECT = `SELECT s.id, s.account_id, s.user_name, s.display_name, s.status, s.disabled_reason,
  s.disabled_at, s.balance, s.thresholds, a.name AS account_name, v.version AS layers_version,
  p.id AS p_id, p.account_id AS p_account_id, p.project_name, p.monitored, p.counts_from, p.spent,
  p.spent_updated_at`;
const TABLES = `FROM sub_accounts s
LEFT JOIN volc_accounts a ON a.id = s.account_id
LEFT JOIN spending_layer_versions v ON v.account_id = s.account_id
LEFT JOIN sub_account_projects p ON p.sub_account_id = s.id`;
// MariaDB/MySQL: an ORDER BY over columns of two joined tables makes a temporary table and a filesort,
// about 0.5 ms of the database's CPU per request against 0.1 ms without (most of the read's cost). The
// projects' order is taken from their collation keys instead (WEIGHT_STRING: the bytes ORDER BY compares
// under the column's collation), sorted here; rows of different sub-accounts are grouped by id below.
// For one name or many at once (batchedReads.ts): each row names its sub-account.
const BATCH: BatchedRead = {
  sqlFor: textsByCount(
    (values) => `${SELECT}, WEIGHT_STRING(p.project_name) AS p_order
${TABLES}
WHERE s.user_name IN (${values})`,
  ),
  argOf: (r) => r['user_name'],
};
const SQLITE_SQL = `${SELECT}
${TABLES}
WHERE s.user_name = ?
ORDER BY s.id, p.project_name`;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const time = (v: unknown): Date | null => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;
const bool = (v: unknown): boolean => Boolean(Number(v));

/**
 * The sub-accounts named exactly `userName` (normally one; two main accounts may each have one), each
 * with its main account's name and layers' counter and its projects: what the REST read needs, in one
 * statement instead of one TypeORM find per table. As a KeyedRead, so the REST route can send it with the
 * API key's check. With `memo`, a sub-account whose rows equal, column for column, those it was last parsed
 * from is not parsed again: the read returns the very object it returned then (see ParsedViews).
 */
export function subAccountViewsRead(userName: string, memo?: ParsedViews): KeyedRead<SubAccountViewRow[]> {
  return {
    sql: BATCH.sqlFor(1),
    sqliteSql: SQLITE_SQL,
    args: [userName],
    batch: BATCH,
    parse: (rows) => viewsOf(rows, memo),
  };
}

/** subAccountViewsRead, run alone. */
export function readSubAccountViews(
  m: EntityManager,
  userName: string,
  memo?: ParsedViews,
): Promise<SubAccountViewRow[]> {
  return runKeyedRead(m, subAccountViewsRead(userName, memo));
}

/**
 * The columns a view is parsed from (not the collation key, which follows the project's name): the
 * sub-account's from the first row (every row repeats them), the project's from each row.
 */
const SUB_COLUMNS = [
  'id',
  'account_id',
  'user_name',
  'display_name',
  'status',
  'disabled_reason',
  'disabled_at',
  'balance',
  'thresholds',
  'account_name',
  'layers_version',
] as const;
const PROJECT_COLUMNS = [
  'p_id',
  'p_account_id',
  'project_name',
  'monitored',
  'counts_from',
  'spent',
  'spent_updated_at',
] as const;

/**
 * Views parsed from rows, kept by sub-account with the values they were parsed from (the `kept` most
 * recently read): a read whose rows for a sub-account carry the kept values, in order, returns the kept
 * view itself. A pure memo of the parse (equal values parse to equal views, whichever database they came
 * from), so one can serve every database of a process; what it saves is the parse (decimals, dates, JSON),
 * and it lets a caller tell an unchanged view by identity. A view may be handed to many reads: it must not be
 * changed. An entry holds the view and its values (dates as numbers): about 4 KB for three projects.
 */
export class ParsedViews {
  private readonly views: RecentMap<string, { values: unknown[]; view: SubAccountViewRow }>;
  constructor(kept = 4096) {
    this.views = new RecentMap(kept);
  }

  /** The view of one sub-account's rows (in their order), parsed or kept. */
  view(id: string, rows: Raw[]): SubAccountViewRow {
    const hit = this.views.get(id);
    if (hit && sameValues(hit.values, rows)) return hit.view;
    const view = viewOf(rows);
    this.views.set(id, { values: valuesOf(rows), view });
    return view;
  }

  get size(): number {
    return this.views.size;
  }
}

function valuesOf(rows: Raw[]): unknown[] {
  const out = SUB_COLUMNS.map((c) => comparable(rows[0]![c]));
  for (const r of rows) for (const c of PROJECT_COLUMNS) out.push(comparable(r[c]));
  return out;
}

function sameValues(kept: unknown[], rows: Raw[]): boolean {
  if (kept.length !== SUB_COLUMNS.length + rows.length * PROJECT_COLUMNS.length) return false;
  let i = 0;
  for (const c of SUB_COLUMNS) if (comparable(rows[0]![c]) !== kept[i++]) return false;
  for (const r of rows) for (const c of PROJECT_COLUMNS) if (comparable(r[c]) !== kept[i++]) return false;
  return true;
}

/**
 * A column's value as the driver gives it (a string, a number, null or a Date), compared with ===: a Date
 * by its time. Anything else is never equal to what was kept, so its view is parsed again.
 */
function comparable(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (v === null || v === undefined) return null;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? v : NaN;
}

function viewsOf(rows: Raw[], memo?: ParsedViews): SubAccountViewRow[] {
  // MySQL's rows carry their collation keys and come unordered; SQLite's come ordered and carry none
  // (the sort is stable and leaves them as they are).
  rows.sort(byCollation);
  // The common case, one sub-account of that name, without grouping.
  const id0 = rows.length > 0 ? String(rows[0]!['id']) : undefined;
  if (id0 !== undefined && rows.every((r) => r['id'] === rows[0]!['id']))
    return [memo ? memo.view(id0, rows) : viewOf(rows)];
  const bySub = new Map<string, Raw[]>();
  for (const r of rows) {
    const id = String(r['id']);
    const mine = bySub.get(id);
    if (mine) mine.push(r);
    else bySub.set(id, [r]);
  }
  return [...bySub].map(([id, mine]) => (memo ? memo.view(id, mine) : viewOf(mine)));
}

/** One sub-account's view from its rows (one per project, or one without project), in order. */
function viewOf(rows: Raw[]): SubAccountViewRow {
  const r = rows[0]!;
  const view: SubAccountViewRow = {
    subAccount: {
      id: String(r['id']),
      accountId: String(r['account_id']),
      userName: String(r['user_name']),
      displayName: str(r['display_name']),
      status: String(r['status']) as SubAccountStatus,
      disabledReason: str(r['disabled_reason']),
      disabledAt: time(r['disabled_at']),
      balance: money(String(r['balance'])),
      thresholds: (jsonTransformer.from(r['thresholds']) as number[] | null) ?? null,
    },
    accountName: str(r['account_name']) ?? '',
    projects: [],
    layersVersion:
      r['layers_version'] === null || r['layers_version'] === undefined ? null : Number(r['layers_version']),
  };
  for (const p of rows) {
    if (p['p_id'] === null || p['p_id'] === undefined) continue;
    view.projects.push({
      id: String(p['p_id']),
      accountId: String(p['p_account_id']),
      projectName: String(p['project_name']),
      monitored: bool(p['monitored']),
      countsFrom: String(p['counts_from']),
      spent: money(String(p['spent'])),
      spentUpdatedAt: time(p['spent_updated_at']),
    });
  }
  return view;
}

/** Rows of one sub-account in the order ORDER BY p.project_name gives (a row without project has no key). */
function byCollation(a: Raw, b: Raw): number {
  const ka = a['p_order'];
  const kb = b['p_order'];
  if (!Buffer.isBuffer(ka) || !Buffer.isBuffer(kb))
    return Buffer.isBuffer(ka) ? 1 : Buffer.isBuffer(kb) ? -1 : 0;
  return Buffer.compare(ka, kb);
}
