import { QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { isMysql } from './dataSource.js';

type Raw = Record<string, unknown>;
type Callback = (err: Error | null, result?: unknown) => void;
/** What mysql2 offers for prepared statements, on a pool and on one connection alike. */
type Preparing = { execute(sql: string, args: unknown[], cb: Callback): void };

/**
 * Hot statements with a fixed text, sent on MySQL/MariaDB as server-side prepared statements: the database
 * parses each text once per connection instead of on every call (the REST read's statement cost MariaDB
 * 0.27 ms of CPU as text and 0.19 ms prepared), and nothing of TypeORM's query runner or query builder
 * runs around them. Outside a transaction they go straight through the pool; inside one, on the
 * transaction's own connection. On SQLite they are `m.query`. TypeORM's logger still sees each statement,
 * and a failure is TypeORM's QueryFailedError, as from `m.query`.
 *
 * Inside a transaction the statement is queued on the connection at once, while `m.query` first awaits
 * TypeORM's own steps: await each statement before the next, as every caller does (an un-awaited
 * TypeORM write could be overtaken by a prepared read sent after it).
 *
 * `sql` must be one of a few fixed texts (values go in `args`): each connection keeps its prepared
 * statements (dataSource.ts caps them), and a text built per call would only churn that cache.
 * Values come as mysql2 returns them in the binary protocol: DATETIME as a Date (UTC, like the text
 * protocol here), DECIMAL and BIGINT as strings, TINYINT as a number, binary strings as Buffers; pass
 * them through `hydrate` for an entity, and dates through `sqlValue` (SQLite stores them as text).
 */
export function preparedRead(m: EntityManager, sql: string, args: unknown[]): Promise<Raw[]> {
  // Not async (nor is execute): no frame of its own held for the statement's round trip.
  const target = preparingOf(m);
  return (target ? execute(m, target, sql, args) : m.query(sql, args)) as Promise<Raw[]>;
}

/** preparedRead for an INSERT, UPDATE or DELETE: the rows it changed. */
export async function preparedWrite(m: EntityManager, sql: string, args: unknown[]): Promise<number> {
  const target = preparingOf(m);
  if (target) return ((await execute(m, target, sql, args)) as { affectedRows?: number }).affectedRows ?? 0;
  // SQLite's `m.query` answers a write with its last row id: the count comes from a structured result.
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return (await runner.query(sql, args, true)).affected ?? 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

/** A value for `column` of `target` as the driver stores it (SQLite: a date as UTC text; MySQL: as is). */
export function sqlValue<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  property: keyof T & string,
  value: unknown,
): unknown {
  const column = m.connection.getMetadata(target).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column ${property}`);
  return m.connection.driver.preparePersistentValue(value, column) as unknown;
}

/**
 * An entity from a raw row of its table's columns (`SELECT t.*`), as a repository's find would make it
 * (AirGate's entities have no relations: every column is a plain property).
 */
export function hydrate<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, raw: Raw): T {
  const meta = m.connection.getMetadata(target);
  const entity = meta.create() as T;
  for (const c of meta.columns)
    c.setEntityValue(entity, m.connection.driver.prepareHydratedValue(raw[c.databaseName], c));
  return entity;
}

type Order<T> = ReadonlyArray<readonly [keyof T & string, 'ASC' | 'DESC']>;
const findTexts = new WeakMap<object, Map<string, string>>();

/**
 * The rows of `target` whose columns equal `where` (no NULLs: `IS NULL` is not equality; `{}`: every
 * row), in `order`, at most `limit`: what a repository's `find` returns, as one fixed text per entity and
 * shape (prepared on MySQL, see above), without the query builder. For the reads every event makes.
 */
export async function findWhere<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  where: Partial<Record<keyof T & string, string | number | Date>>,
  opts: { order?: Order<T>; limit?: number } = {},
): Promise<T[]> {
  const props = Object.keys(where) as Array<keyof T & string>;
  const args = props.map((p) => {
    const v = where[p];
    if (v === null || v === undefined) throw new Error(`findWhere: ${p} has no value`);
    return sqlValue(m, target, p, v);
  });
  const rows = await preparedRead(m, findText(m, target, props, opts), args);
  return rows.map((r) => hydrate(m, target, r));
}

function findText<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  props: ReadonlyArray<keyof T & string>,
  opts: { order?: Order<T>; limit?: number },
): string {
  const meta = m.connection.getMetadata(target);
  const key = JSON.stringify([props, opts.order ?? [], opts.limit ?? null]);
  let texts = findTexts.get(meta);
  if (!texts) findTexts.set(meta, (texts = new Map()));
  let sql = texts.get(key);
  if (sql === undefined) {
    const { driver } = m.connection;
    const column = (p: string) => {
      const c = meta.findColumnWithPropertyName(p);
      if (!c) throw new Error(`no column ${p} in ${meta.tableName}`);
      return driver.escape(c.databaseName);
    };
    const order = (opts.order ?? []).map(([p, dir]) => `${column(p)} ${dir}`).join(', ');
    sql =
      `SELECT * FROM ${driver.escape(meta.tableName)}` +
      (props.length > 0 ? ` WHERE ${props.map((p) => `${column(p)} = ?`).join(' AND ')}` : '') +
      (order ? ` ORDER BY ${order}` : '') +
      (opts.limit === undefined ? '' : ` LIMIT ${Math.max(1, Math.floor(opts.limit))}`);
    texts.set(key, sql);
  }
  return sql;
}

function execute(m: EntityManager, target: Preparing, sql: string, args: unknown[]): Promise<unknown> {
  const { logger } = m.connection;
  logger.logQuery(sql, args, m.queryRunner);
  // mysql2 refuses undefined in a prepared statement's values; a text query would have sent NULL.
  const values = args.map((a) => (a === undefined ? null : a));
  return new Promise((resolve, reject) =>
    target.execute(sql, values, (err, result) => {
      if (!err) return resolve(result);
      // A server that will not prepare (its max_prepared_stmt_count reached or set to 0, a proxy without
      // prepared statements) or asks for a new prepare (a table changed meanwhile) gets the statement as
      // text, on the same connection: slower, not refused. (The logger then sees it a second time.)
      if (NOT_PREPARED.has((err as { errno?: number }).errno ?? 0)) return resolve(m.query(sql, args));
      logger.logQueryError(err, sql, args, m.queryRunner);
      reject(new QueryFailedError(sql, args, err));
    }),
  );
}

/** ER_MAX_PREPARED_STMT_COUNT_REACHED, ER_UNSUPPORTED_PS, ER_NEED_REPREPARE. */
const NOT_PREPARED = new Set([1461, 1295, 1615]);

/**
 * Where to prepare on MySQL: the pool for a plain manager, the transaction's connection for a
 * transaction's manager; undefined (use m.query) on SQLite, or for a query runner holding no connection.
 */
function preparingOf(m: EntityManager): Preparing | undefined {
  if (!isMysql(m.connection)) return undefined;
  if (!m.queryRunner) return (m.connection.driver as unknown as { pool?: Preparing }).pool;
  if (m.queryRunner.isReleased) return undefined;
  return (m.queryRunner as unknown as { databaseConnection?: Preparing }).databaseConnection;
}
