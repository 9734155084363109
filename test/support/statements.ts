import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';

/**
 * The statements `db` sends from now on, as TypeORM reports them to its logger (both databases); the
 * ones `keep` refuses are left out. The returned array fills as they are sent.
 */
export function recordStatements(db: DataSource, keep: (sql: string) => boolean = () => true): string[] {
  const seen: string[] = [];
  const logger: TypeOrmLogger = {
    logQuery: (query) => void (keep(query) && seen.push(query)),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  Object.assign(db, { logger });
  return seen;
}
