import type { TableColumnOptions, QueryRunner } from 'typeorm';

/**
 * Column builders that give the same logical schema on MySQL/MariaDB and SQLite. SQLite has no exact
 * decimal (a DECIMAL column gets NUMERIC affinity and turns '0.1' into a float), so money is TEXT there
 * and DECIMAL(20,6) on MySQL; code always reads and writes it as a decimal string.
 */
export function isMysqlRunner(qr: QueryRunner): boolean {
  const t = qr.connection.options.type;
  return t === 'mysql' || t === 'mariadb';
}

export function moneyColumn(
  qr: QueryRunner,
  name: string,
  opts: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return isMysqlRunner(qr)
    ? { name, type: 'decimal', precision: 20, scale: 6, ...opts }
    : { name, type: 'text', ...opts };
}

/** UTC timestamp with milliseconds. */
export function timeColumn(
  qr: QueryRunner,
  name: string,
  opts: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return isMysqlRunner(qr)
    ? { name, type: 'datetime', precision: 3, ...opts }
    : { name, type: 'datetime', ...opts };
}

/** A JSON document stored as text (entities use the jsonTransformer). */
export function jsonColumn(
  qr: QueryRunner,
  name: string,
  opts: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return isMysqlRunner(qr) ? { name, type: 'longtext', ...opts } : { name, type: 'text', ...opts };
}

/** A 36-character UUID primary key. */
export function uuidPrimary(name = 'id'): TableColumnOptions {
  return { name, type: 'varchar', length: '36', isPrimary: true };
}

export function varchar(
  name: string,
  length: number,
  opts: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...opts };
}
