import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows per statement: ≤ 200 × the columns of our widest bulk table, far below both databases' limits. */
const CHUNK = 200;

/**
 * Inserts many rows of one entity with one multi-row INSERT per chunk and plain `?` placeholders.
 * TypeORM's InsertQueryBuilder names a parameter per value and rescans the list for each, which on the
 * ledger's hot path (50-row batches) cost more CPU than the database spent on the statement. Each value
 * goes through the driver's own conversion (column transformer, dates, booleans), so the stored rows are
 * the ones `repository.insert` would write. Generated columns (auto-increment ids) are left out.
 */
export async function insertRows<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Partial<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const { driver } = m.connection;
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params = chunk.flatMap((row) =>
      columns.map((c) => (driver.preparePersistentValue(c.getEntityValue(row), c) as unknown) ?? null),
    );
    await m.query(head + chunk.map(() => tuple).join(', '), params);
  }
}
