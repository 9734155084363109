import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { withReader, writeAlone } from '../../db/repos/transaction.js';
import { statementsRepo, type StatementRow } from '../../db/repos/statements.js';
import { readSettings } from '../settings/getSettings.js';
import type { StatementLine } from './lines.js';

/** A Base (多维表格) field: 1 多行文本 (text) or 2 数字 (number). */
export type BaseField = { name: string; type: 1 | 2 };
export type BaseRecord = Record<string, string | number>;

/** What the statement needs of a Feishu Base; implemented at the Feishu edge (src/feishu/bitable). */
export interface StatementBase {
  /**
   * The table to write into: `tableId` when given (refused when a field is missing or of another type),
   * else the Base's table named `name`, created with `fields` when there is none. Returns its table_id.
   */
  prepareTable(
    appToken: string,
    tableId: string | null,
    name: string,
    fields: readonly BaseField[],
  ): Promise<string>;
  /** One batch_create call; `clientToken` (a UUIDv4) makes a repeated call write nothing twice. */
  writeRecords(
    appToken: string,
    tableId: string,
    records: readonly BaseRecord[],
    clientToken: string,
  ): Promise<void>;
}

export const STATEMENT_TABLE_NAME = 'AirGate 月结单';

/**
 * The table's columns. Money is text holding the exact decimal string: a Base number field is a double,
 * and a statement must add up to the bill to the last digit (STYLE: money is never a float).
 */
export const STATEMENT_FIELDS: readonly BaseField[] = [
  { name: '月份', type: 1 },
  { name: '主账号', type: 1 },
  { name: '类型', type: 1 },
  { name: '子账号', type: 1 },
  { name: '项目', type: 1 },
  { name: '月初额度', type: 1 },
  { name: '本月分配', type: 1 },
  { name: '本月扣减', type: 1 },
  { name: '本月消费', type: 1 },
  { name: '月末剩余', type: 1 },
  { name: '提醒次数', type: 2 },
  { name: '停用次数', type: 2 },
];

/**
 * Records per batch_create call. The SDK's types and the open platform reference say 1,000; 500 is kept so
 * a stricter limit (the one this feature was specified with) is never hit.
 */
export const BASE_BATCH = 500;

export function baseRecords(period: string, account: string, lines: readonly StatementLine[]): BaseRecord[] {
  return lines.map((l) => {
    const r: BaseRecord = {
      月份: period,
      主账号: account,
      类型: l.kind === 'sub_account' ? '子账号' : '项目',
      子账号: l.subAccount,
      项目: l.project,
      本月消费: l.spending,
    };
    if (l.quotaStart !== null) r['月初额度'] = l.quotaStart;
    if (l.allocations !== null) r['本月分配'] = l.allocations;
    if (l.deductions !== null) r['本月扣减'] = l.deductions;
    if (l.remaining !== null) r['月末剩余'] = l.remaining;
    if (l.alerts !== null) r['提醒次数'] = l.alerts;
    if (l.disables !== null) r['停用次数'] = l.disables;
    return r;
  });
}

/** A UUIDv4-shaped token fixed by the statement and batch: a retried batch repeats its token. */
export function batchToken(statementId: string, batch: number): string {
  const h = createHash('sha256').update(`${statementId}:${batch}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type BaseOutcome = { id: string; period: string; state: 'written' | 'failed'; error?: string };

/**
 * Writes every statement whose Base copy is owed, batch after batch; the row counts the batches that
 * arrived, so a run that fails half-way continues where it stopped (and a batch whose answer was lost is
 * repeated with the same client token). A failure is kept on the row and retried on the next run.
 */
export async function writeStatementsToBase(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'log'>,
  base: StatementBase,
): Promise<BaseOutcome[]> {
  const settings = await withReader(deps.db, (m) => readSettings(deps.repos, m));
  const pending = await withReader(deps.db, (m) => statementsRepo.bitablePending(m));
  const out: BaseOutcome[] = [];
  for (const st of pending) {
    const appToken = settings.statementBaseAppToken;
    if (!appToken) break;
    out.push(await writeOne(deps, base, st, appToken, settings.statementTableId));
  }
  return out;
}

async function writeOne(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'log'>,
  base: StatementBase,
  st: StatementRow,
  appToken: string,
  configuredTable: string | null,
): Promise<BaseOutcome> {
  const account = await withReader(deps.db, (m) => deps.repos.accounts.findById(m, st.accountId));
  const records = baseRecords(st.period, account?.name ?? st.accountId, st.lines as StatementLine[]);
  let done = st.bitableBatches;
  try {
    const tableId =
      st.bitableTableId ??
      (await base.prepareTable(appToken, configuredTable, STATEMENT_TABLE_NAME, STATEMENT_FIELDS));
    if (!st.bitableTableId)
      await deps.db.transaction((tx) =>
        statementsRepo.updateBitable(tx, st.id, { bitableTableId: tableId }, deps.clock.now()),
      );
    for (; done * BASE_BATCH < records.length; done++) {
      await base.writeRecords(
        appToken,
        tableId,
        records.slice(done * BASE_BATCH, (done + 1) * BASE_BATCH),
        batchToken(st.id, done),
      );
      await writeAlone(deps.db, (m) =>
        statementsRepo.updateBitable(m, st.id, { bitableBatches: done + 1 }, deps.clock.now()),
      );
    }
    await writeAlone(deps.db, (m) =>
      statementsRepo.updateBitable(
        m,
        st.id,
        { bitableState: 'written', bitableError: null },
        deps.clock.now(),
      ),
    );
    deps.log.info(
      { period: st.period, accountId: st.accountId, records: records.length },
      'statement written to Base',
    );
    return { id: st.id, period: st.period, state: 'written' };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await writeAlone(deps.db, (m) =>
      statementsRepo.updateBitable(
        m,
        st.id,
        { bitableError: error, attempts: st.attempts + 1 },
        deps.clock.now(),
      ),
    );
    deps.log.warn(
      { period: st.period, accountId: st.accountId, batchesDone: done, error },
      'statement not written to Base; retried next run',
    );
    return { id: st.id, period: st.period, state: 'failed', error };
  }
}
