import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { preparedRead } from '../prepared.js';
import { groupBy } from '../../domain/collections.js';

type Raw = Record<string, unknown>;

/**
 * A read of the rows for one value of its one argument that can be sent for many values in one statement
 * (on MySQL: `WHERE column IN (?, …)`), for the reads every API request makes (the key's row, the REST
 * read's sub-account). A module constant: reads are batched together when they are the same object.
 */
export type BatchedRead = {
  /** The statement for `n` values: a fixed text per `n` (a prepared statement each), `n` placeholders. */
  sqlFor(n: number): string;
  /**
   * The value a row is for: the column the statement compares, as the driver returns it. Compared with
   * `===`: AirGate's names, keys and ids compare byte for byte (binary collations, see the migration
   * BinaryCollation), so a row is for the value it equals in JavaScript. (Where the server has no NO PAD
   * binary collation, `=` also ignores trailing spaces: a value with them finds no rows here.)
   */
  argOf(row: Raw): unknown;
};

/**
 * Statements carry 1, 2, 4, … up to MAX_VALUES values (padded with the last one, which `IN` ignores):
 * a few texts, so each connection keeps them prepared (dataSource.ts caps them at 64 a connection).
 */
const SIZES = [1, 2, 4, 8, 16, 32] as const;
const MAX_VALUES = SIZES[SIZES.length - 1]!;

type Job = { arg: unknown; resolve: (rows: Raw[]) => void; reject: (err: unknown) => void };
/** The reads asked for this turn, by BatchedRead, with the (plain) manager the first was asked on. */
type Pending = { m: EntityManager; reads: Map<BatchedRead, Job[]> };

const pending = new WeakMap<DataSource, Pending>();

/**
 * The rows of `read` for `arg`. On MySQL outside a transaction, the reads asked for in the same turn of
 * the event loop go as one statement per BatchedRead (several when more than MAX_VALUES values): under
 * load, the requests a server reads from its sockets at once share their round trips. MariaDB then spends
 * about a quarter of the CPU per read that one statement a read cost it, and mysql2 about a third (8 values
 * a statement; bench/apiSubaccounts.ts, README "Performance"). Alone, a read waits for nothing more than
 * the end of the current turn. A failed statement fails every read it carried. Inside a transaction and
 * on SQLite (no round trip to save) the read runs at once, alone.
 */
export function batchedRows(m: EntityManager, read: BatchedRead, arg: unknown): Promise<Raw[]> {
  if (m.queryRunner || !isMysql(m.connection)) return alone(m, read, arg);
  const db = m.connection;
  let queue = pending.get(db);
  if (!queue) {
    pending.set(db, (queue = { m, reads: new Map() }));
    setImmediate(() => flush(db));
  }
  let jobs = queue.reads.get(read);
  if (!jobs) queue.reads.set(read, (jobs = []));
  const list = jobs;
  return new Promise((resolve, reject) => list.push({ arg, resolve, reject }));
}

/** A BatchedRead's sqlFor: `build` given `n` placeholders, each text built once. */
export function textsByCount(build: (placeholders: string) => string): (n: number) => string {
  const texts = new Map<number, string>();
  return (n) => {
    let sql = texts.get(n);
    if (sql === undefined) texts.set(n, (sql = build(Array(n).fill('?').join(', '))));
    return sql;
  };
}

async function alone(m: EntityManager, read: BatchedRead, arg: unknown): Promise<Raw[]> {
  return (await preparedRead(m, read.sqlFor(1), [arg])).filter((r) => read.argOf(r) === arg);
}

function flush(db: DataSource): void {
  const queue = pending.get(db);
  pending.delete(db);
  if (!queue) return;
  for (const [read, jobs] of queue.reads) {
    const byValue = groupBy(jobs, (job) => job.arg);
    const values = [...byValue.keys()];
    for (let i = 0; i < values.length; i += MAX_VALUES)
      void send(queue.m, read, values.slice(i, i + MAX_VALUES), byValue);
  }
}

/** One statement for `values`; each of their jobs is settled, whatever fails. */
async function send(
  m: EntityManager,
  read: BatchedRead,
  values: unknown[],
  jobsByValue: Map<unknown, Job[]>,
): Promise<void> {
  try {
    const size = SIZES.find((s) => s >= values.length)!;
    const padded =
      values.length === size ? values : [...values, ...Array(size - values.length).fill(values.at(-1))];
    const byValue = groupBy(await preparedRead(m, read.sqlFor(size), padded), read.argOf);
    for (const value of values) {
      const found = byValue.get(value) ?? [];
      // Each read gets rows of its own to order or keep (two reads of one value get copies).
      jobsByValue.get(value)!.forEach((job, i) => job.resolve(i === 0 ? found : found.slice()));
    }
  } catch (err) {
    // A job already answered stays so.
    for (const value of values) for (const job of jobsByValue.get(value)!) job.reject(err);
  }
}
