import type { EntityManager } from 'typeorm';
import { money, type Money } from '../../domain/money.js';
import { runKeyedRead, type KeyedRead } from './apiKeys.js';
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
const FROM = `FROM sub_accounts s
LEFT JOIN volc_accounts a ON a.id = s.account_id
LEFT JOIN spending_layer_versions v ON v.account_id = s.account_id
LEFT JOIN sub_account_projects p ON p.sub_account_id = s.id
WHERE s.user_name = ?`;
// MariaDB/MySQL: an ORDER BY over columns of two joined tables makes a temporary table and a filesort,
// about 0.5 ms of the database's CPU per request against 0.1 ms without (most of the read's cost). The
// projects' order is taken from their collation keys instead (WEIGHT_STRING: the bytes ORDER BY compares
// under the column's collation), sorted here; rows of different sub-accounts are grouped by id below.
const MYSQL_SQL = `${SELECT}, WEIGHT_STRING(p.project_name) AS p_order
${FROM}`;
const SQLITE_SQL = `${SELECT}
${FROM}
ORDER BY s.id, p.project_name`;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const time = (v: unknown): Date | null => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;
const bool = (v: unknown): boolean => Boolean(Number(v));

/**
 * The sub-accounts named exactly `userName` (normally one; two main accounts may each have one), each
 * with its main account's name and layers' counter and its projects: what the REST read needs, in one
 * statement instead of one TypeORM find per table. As a KeyedRead, so the REST route can send it with the
 * API key's check.
 */
export function subAccountViewsRead(userName: string): KeyedRead<SubAccountViewRow[]> {
  return { sql: MYSQL_SQL, sqliteSql: SQLITE_SQL, args: [userName], parse: viewsOf };
}

/** subAccountViewsRead, run alone. */
export function readSubAccountViews(m: EntityManager, userName: string): Promise<SubAccountViewRow[]> {
  return runKeyedRead(m, subAccountViewsRead(userName));
}

function viewsOf(rows: Raw[]): SubAccountViewRow[] {
  // MySQL's rows carry their collation keys and come unordered; SQLite's come ordered and carry none
  // (the sort is stable and leaves them as they are).
  rows.sort(byCollation);
  const out = new Map<string, SubAccountViewRow>();
  for (const r of rows) {
    const id = String(r['id']);
    let view = out.get(id);
    if (!view) {
      view = {
        subAccount: {
          id,
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
          r['layers_version'] === null || r['layers_version'] === undefined
            ? null
            : Number(r['layers_version']),
      };
      out.set(id, view);
    }
    if (r['p_id'] === null || r['p_id'] === undefined) continue;
    const monitored = bool(r['monitored']);
    view.projects.push({
      id: String(r['p_id']),
      accountId: String(r['p_account_id']),
      projectName: String(r['project_name']),
      monitored,
      countsFrom: String(r['counts_from']),
      spent: money(String(r['spent'])),
      spentUpdatedAt: time(r['spent_updated_at']),
    });
  }
  return [...out.values()];
}

/** Rows of one sub-account in the order ORDER BY p.project_name gives (a row without project has no key). */
function byCollation(a: Raw, b: Raw): number {
  const ka = a['p_order'];
  const kb = b['p_order'];
  if (!Buffer.isBuffer(ka) || !Buffer.isBuffer(kb))
    return Buffer.isBuffer(ka) ? 1 : Buffer.isBuffer(kb) ? -1 : 0;
  return Buffer.compare(ka, kb);
}
