import type { MigrationInterface } from 'typeorm';

/**
 * Every migration in the order it runs. Each one is written with the QueryRunner/Table API (or with a
 * branch per driver) so that it runs on MySQL/MariaDB and on SQLite; CI runs them on both.
 */
export const migrations: Array<new () => MigrationInterface> = [];
