import { In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { toMicro } from '../../domain/micro.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { Alert } from '../entities/alert.js';
import { FeishuOutboxMessage } from '../entities/feishuOutboxMessage.js';
import { SpendingRecord } from '../entities/spendingRecord.js';
import { SpendingSnapshot } from '../entities/spendingSnapshot.js';
import { SubAccountProject } from '../entities/subAccountProject.js';
import { WatchAccount } from '../entities/watchAccount.js';
import { WatchCycle, type WatchCycleOutcome } from '../entities/watchCycle.js';
import { WatchLease } from '../entities/watchLease.js';
import { isMysql } from '../dataSource.js';
import { utcDateTransformer } from '../transformers.js';
import { insertRows } from './bulkInsert.js';
import { forUpdate } from './lock.js';

/** A stored day as the driver returns it: the amount is the stored decimal string (or number-free text). */
export type DayRow = { project: string; day: string; amount: string };
export type SnapshotPoint = { subAccountId: string; at: Date; spent: Money };
export type WatchAccountDto = WatchAccount;
export type WatchCycleDto = WatchCycle;

const asDate = (v: unknown): Date => utcDateTransformer.from(v) as Date;

/** The spending watch's queries: its own tables, and lean reads of spending records for 2,000 sub-accounts. */
export const watchRepo = {
  /** Every stored day of an account within [fromDay, toDay] (strings compare as dates), without entity hydration. */
  async spendingDays(m: EntityManager, accountId: string, fromDay: string, toDay: string): Promise<DayRow[]> {
    const rows = await m
      .getRepository(SpendingRecord)
      .createQueryBuilder('s')
      .select(['s.project_name AS project', 's.day AS day', 's.amount AS amount'])
      .where('s.account_id = :accountId AND s.day >= :fromDay AND s.day <= :toDay', {
        accountId,
        fromDay,
        toDay,
      })
      .getRawMany<{ project: string; day: string; amount: string | number }>();
    for (const r of rows) if (typeof r.amount !== 'string') r.amount = String(r.amount);
    return rows as DayRow[];
  },

  /**
   * The stored days of an account on `days` (every project), and every stored day within [from, to] of each
   * range's projects — only what the watch re-places, not the whole month. A day may come twice.
   */
  async spendingDaysAt(
    m: EntityManager,
    accountId: string,
    days: readonly string[],
    ranges: ReadonlyArray<{ from: string; to: string; projects: readonly string[] }>,
  ): Promise<DayRow[]> {
    const select = () =>
      m
        .getRepository(SpendingRecord)
        .createQueryBuilder('s')
        .select(['s.project_name AS project', 's.day AS day', 's.amount AS amount'])
        .where('s.account_id = :accountId', { accountId });
    const rows: Array<{ project: string; day: string; amount: string | number }> = [];
    for (const part of chunks(days)) {
      rows.push(...(await select().andWhere('s.day IN (:...days)', { days: part }).getRawMany()));
    }
    for (const r of ranges) {
      for (const part of chunks(r.projects)) {
        const qb = select()
          .andWhere('s.day >= :from AND s.day <= :to', { from: r.from, to: r.to })
          .andWhere('s.project_name IN (:...names)', { names: part });
        rows.push(...(await qb.getRawMany()));
      }
    }
    for (const r of rows) if (typeof r.amount !== 'string') r.amount = String(r.amount);
    return rows as DayRow[];
  },

  /**
   * Σ of an account's stored days per project, in micro-yuan and exact on both databases: per selection, the
   * days of its projects within [from, to] without the days of its `except` ranges. Selections add up, so
   * they must not overlap for one project.
   */
  async spendingSums(
    m: EntityManager,
    accountId: string,
    selections: ReadonlyArray<{
      projects: readonly string[];
      from: string;
      to: string;
      except?: ReadonlyArray<{ from: string; to: string }>;
    }>,
  ): Promise<Map<string, bigint>> {
    // SQLite keeps decimals as doubles: each day is rounded to whole micro-yuan before it is added.
    const mysql = isMysql(m.connection);
    const sum = mysql ? 'SUM(s.amount)' : 'CAST(SUM(CAST(ROUND(s.amount * 1000000) AS INTEGER)) AS TEXT)';
    const out = new Map<string, bigint>();
    for (const sel of selections) {
      for (const part of chunks(sel.projects)) {
        const qb = m
          .getRepository(SpendingRecord)
          .createQueryBuilder('s')
          .select('s.project_name', 'project')
          .addSelect(sum, 'total')
          .where('s.account_id = :accountId', { accountId })
          .andWhere('s.day >= :from AND s.day <= :to', { from: sel.from, to: sel.to })
          .andWhere('s.project_name IN (:...names)', { names: part });
        (sel.except ?? []).forEach((r, i) => {
          qb.andWhere(`NOT (s.day >= :ef${i} AND s.day <= :et${i})`, {
            [`ef${i}`]: r.from,
            [`et${i}`]: r.to,
          });
        });
        const rows = await qb.groupBy('s.project_name').getRawMany<{ project: string; total: unknown }>();
        for (const r of rows) {
          if (r.total === null || r.total === undefined) continue;
          const text = String(r.total);
          const micro = mysql ? toMicro(text) : BigInt(text);
          if (micro === null) throw new Error(`unreadable spending sum ${text}`);
          out.set(r.project, (out.get(r.project) ?? 0n) + micro);
        }
      }
    }
    return out;
  },

  /**
   * Sets the spent of many projects at once (one UPDATE per chunk, CASE over the ids): a first cycle at
   * 2,000 sub-accounts changes 6,000 projects, and an UPDATE each cost it a third of a second.
   */
  async setProjectsSpent(
    m: EntityManager,
    rows: ReadonlyArray<{ id: string; spent: Money }>,
    now: Date,
  ): Promise<void> {
    const { driver } = m.connection;
    const meta = m.connection.getMetadata(SubAccountProject);
    const col = (property: keyof SubAccountProject) => meta.findColumnWithPropertyName(property)!;
    const name = (property: keyof SubAccountProject) => driver.escape(col(property).databaseName);
    const stamp = driver.preparePersistentValue(now, col('updatedAt')) as unknown;
    for (const part of chunks(rows)) {
      const params: unknown[] = [];
      const cases = part
        .map((r) => {
          params.push(r.id, driver.preparePersistentValue(toStoredString(r.spent), col('spent')));
          return 'WHEN ? THEN ?';
        })
        .join(' ');
      params.push(stamp, stamp, ...part.map((r) => r.id));
      await m.query(
        `UPDATE ${driver.escape(meta.tableName)} SET ${name('spent')} = CASE ${name('id')} ${cases} END,` +
          ` ${name('spentUpdatedAt')} = ?, ${name('updatedAt')} = ?` +
          ` WHERE ${name('id')} IN (${part.map(() => '?').join(', ')})`,
        params,
      );
    }
  },

  /** When a stored day of an account within [fromDay, toDay] last changed; null when none is stored. */
  async lastSpendingChange(
    m: EntityManager,
    accountId: string,
    fromDay: string,
    toDay: string,
  ): Promise<Date | null> {
    const row = await m
      .getRepository(SpendingRecord)
      .createQueryBuilder('s')
      .select('MAX(s.updated_at)', 'at')
      .where('s.account_id = :accountId AND s.day >= :fromDay AND s.day <= :toDay', {
        accountId,
        fromDay,
        toDay,
      })
      .getRawOne<{ at: unknown }>();
    return row?.at ? asDate(row.at) : null;
  },

  // ---- lease (one row per lock name) ----

  async lease(m: EntityManager, name: string, lock = false): Promise<WatchLease | null> {
    const qb = m.getRepository(WatchLease).createQueryBuilder('l').where('l.name = :name', { name });
    return (lock ? forUpdate(m, qb) : qb).getOne();
  },

  async insertLease(m: EntityManager, row: WatchLease): Promise<void> {
    await m.getRepository(WatchLease).insert(row);
  },

  /** Moves the lease on when its fence is still `fence` (compare-and-set); true when this caller won. */
  async updateLeaseIf(
    m: EntityManager,
    name: string,
    cond: { fence: number; expiredBefore?: Date },
    patch: Partial<Pick<WatchLease, 'fence' | 'holder' | 'leaseUntil'>>,
    now: Date,
  ): Promise<boolean> {
    const qb = m
      .getRepository(WatchLease)
      .createQueryBuilder()
      .update(WatchLease)
      .set({ ...patch, updatedAt: now })
      .where('name = :name AND fence = :fence', { name, fence: cond.fence });
    if (cond.expiredBefore)
      qb.andWhere('(lease_until IS NULL OR lease_until < :t)', { t: cond.expiredBefore });
    return (await qb.execute()).affected === 1;
  },

  // ---- cycles ----

  async startCycle(
    m: EntityManager,
    row: Omit<WatchCycle, 'id' | 'finishedAt' | 'summary' | 'outcome'>,
  ): Promise<number> {
    const r = await m.getRepository(WatchCycle).insert({
      ...row,
      outcome: 'running',
      finishedAt: null,
      summary: null,
    } as unknown as QueryDeepPartialEntity<WatchCycle>);
    return Number(r.identifiers[0]?.id);
  },

  async finishCycle(
    m: EntityManager,
    id: number,
    outcome: WatchCycleOutcome,
    summary: unknown,
    now: Date,
  ): Promise<void> {
    await m.getRepository(WatchCycle).update({ id }, { outcome, summary: summary as never, finishedAt: now });
  },

  /**
   * Cycles other than `currentId` still marked running become abandoned (called by the holder of the cycle
   * lock: no other cycle can be alive then). Returns their ids.
   */
  async abandonRunningCycles(m: EntityManager, currentId: number, now: Date): Promise<number[]> {
    const rows = await m
      .getRepository(WatchCycle)
      .createQueryBuilder('c')
      .select(['c.id'])
      .where("c.outcome = 'running' AND c.id <> :currentId", { currentId })
      .getMany();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await m.getRepository(WatchCycle).update({ id: In(ids) }, { outcome: 'abandoned', finishedAt: now });
    return ids;
  },

  /** The newest cycles first. */
  async recentCycles(m: EntityManager, limit: number): Promise<WatchCycle[]> {
    return m.getRepository(WatchCycle).find({ order: { id: 'DESC' }, take: limit });
  },

  async lastStartedAt(m: EntityManager): Promise<Date | null> {
    const row = await m.getRepository(WatchCycle).find({ order: { startedAt: 'DESC' }, take: 1 });
    return row[0]?.startedAt ?? null;
  },

  // ---- per-account billing sync ----

  async account(m: EntityManager, accountId: string): Promise<WatchAccount | null> {
    return m.getRepository(WatchAccount).findOneBy({ accountId });
  },

  async accounts(m: EntityManager): Promise<WatchAccount[]> {
    return m.getRepository(WatchAccount).find();
  },

  async saveAccount(m: EntityManager, row: WatchAccount): Promise<void> {
    await m
      .getRepository(WatchAccount)
      .createQueryBuilder()
      .insert()
      .into(WatchAccount)
      .values(row as QueryDeepPartialEntity<WatchAccount>)
      .orUpdate(
        ['last_complete_at', 'newest_day', 'failing_since', 'failures', 'last_error', 'updated_at'],
        ['account_id'],
      )
      .execute();
  },

  // ---- alert delivery ----

  async setAlertCards(m: EntityManager, id: number, details: Record<string, unknown>): Promise<void> {
    await m.getRepository(Alert).update({ id }, { details: details as never });
  },

  /** Alerts raised since `since` whose delivery is not settled yet. */
  async pendingAlerts(
    m: EntityManager,
    since: Date,
  ): Promise<Array<{ id: number; details: Record<string, unknown> }>> {
    const rows = await m
      .getRepository(Alert)
      .createQueryBuilder('a')
      .select(['a.id', 'a.details'])
      .where("a.delivery_state = 'pending' AND a.created_at >= :since", { since })
      .orderBy('a.id', 'ASC')
      .limit(2_000)
      .getMany();
    return rows.map((r) => ({ id: r.id, details: r.details }));
  },

  /** Outbox status by message uuid. */
  async outboxStatuses(m: EntityManager, uuids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < uuids.length; i += 500) {
      const rows = await m
        .getRepository(FeishuOutboxMessage)
        .find({ where: { uuid: In(uuids.slice(i, i + 500)) }, select: { uuid: true, status: true } });
      for (const r of rows) out.set(r.uuid, r.status);
    }
    return out;
  },

  // ---- spend snapshots ----

  async addSnapshots(m: EntityManager, points: readonly SnapshotPoint[]): Promise<void> {
    await insertRows(
      m,
      SpendingSnapshot,
      points.map((p) => ({ subAccountId: p.subAccountId, at: p.at, spent: toStoredString(p.spent) })),
    );
  },

  /**
   * Per sub-account the snapshot picked by `pick` among those at or after `since`: 'oldest' (the base of a
   * burn rate) or 'newest' (is another one due?). One grouped query for all of them.
   */
  async snapshotsSince(
    m: EntityManager,
    since: Date,
    pick: 'oldest' | 'newest',
    /** One sub-account's only (a card outside a cycle), instead of every sub-account's. */
    subAccountId?: string,
  ): Promise<Map<string, SnapshotPoint>> {
    const agg = pick === 'oldest' ? 'MIN' : 'MAX';
    const rows = await m
      .getRepository(SpendingSnapshot)
      .createQueryBuilder('s')
      .select(['s.sub_account_id AS sub', 's.at AS at', 's.spent AS spent'])
      .innerJoin(
        (q) =>
          q
            .select('x.sub_account_id', 'sub')
            .addSelect(`${agg}(x.at)`, 'pick')
            .from(SpendingSnapshot, 'x')
            .where('x.at >= :since', { since })
            .andWhere(subAccountId === undefined ? '1 = 1' : 'x.sub_account_id = :sub', { sub: subAccountId })
            .groupBy('x.sub_account_id'),
        'g',
        'g.sub = s.sub_account_id AND g.pick = s.at',
      )
      .getRawMany<{ sub: string; at: unknown; spent: string | number }>();
    const out = new Map<string, SnapshotPoint>();
    for (const r of rows)
      out.set(r.sub, { subAccountId: r.sub, at: asDate(r.at), spent: money(String(r.spent)) });
    return out;
  },

  async pruneSnapshots(m: EntityManager, before: Date): Promise<void> {
    await m
      .getRepository(SpendingSnapshot)
      .createQueryBuilder()
      .delete()
      .where('at < :before', { before })
      .execute();
  },
};

/** A long IN list in pieces a database takes. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
