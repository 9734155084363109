import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';

/**
 * The statements `db` sends from now on, as TypeORM reports them to its logger (both databases); the
 * ones `keep` refuses are left out. The returned array fills as they are sent.
 */
export function recordStatements(db: DataSource, keep: (sql: string) => boolean = () => true): string[] {
  const seen: string[] = [];
  record(db, (sql) => void (keep(sql) && seen.push(sql)));
  return seen;
}

/** recordStatements, with the values each statement was sent with. */
export function recordStatementsWithValues(db: DataSource): Array<{ sql: string; values: unknown[] }> {
  const seen: Array<{ sql: string; values: unknown[] }> = [];
  record(db, (sql, values) => void seen.push({ sql, values: values ?? [] }));
  return seen;
}

function record(db: DataSource, sent: (sql: string, values?: unknown[]) => void): void {
  const logger: TypeOrmLogger = {
    logQuery: (query, values) => sent(query, Array.isArray(values) ? values : []),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  Object.assign(db, { logger });
}

type Executing = { execute: (...args: unknown[]) => unknown };

/**
 * The texts sent as prepared statements (mysql2's `execute`) from now on, until `stop()`, by this worker's
 * MySQL connections (so `db`'s, while the test awaits its own work); always empty on SQLite. The files
 * running at the same time run in other workers, which this does not see; a server-wide counter
 * (Com_stmt_execute) would count theirs too.
 */
export async function recordPrepared(db: DataSource): Promise<{ texts: string[]; stop: () => void }> {
  const texts: string[] = [];
  const pool = (
    db.driver as unknown as { pool?: { getConnection: (cb: (e: unknown, c?: object) => void) => void } }
  ).pool;
  if (!pool) return { texts, stop: () => {} };
  const conn = await new Promise<object & { release(): void }>((resolve, reject) =>
    pool.getConnection((err, c) => (err || !c ? reject(err) : resolve(c as object & { release(): void }))),
  );
  conn.release();
  // The prototype that defines `execute`: shared by every connection of every pool in this worker.
  let proto = Object.getPrototypeOf(conn) as Executing;
  while (!Object.prototype.hasOwnProperty.call(proto, 'execute'))
    proto = Object.getPrototypeOf(proto) as Executing;
  const original = proto.execute;
  proto.execute = function (this: unknown, ...args: unknown[]) {
    const sql = args[0];
    texts.push(typeof sql === 'string' ? sql : String((sql as { sql?: unknown }).sql));
    return original.apply(this, args);
  };
  return { texts, stop: () => void (proto.execute = original) };
}
