import type { TestProject } from 'vitest/node';
import { createConnection } from 'mysql2/promise';
import { buildSchemaTemplates, type SchemaTemplates } from './schemaTemplates.js';

export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlUrl: string | null;
    schemaTemplates: SchemaTemplates;
  }
}

/**
 * Probes MariaDB/MySQL once per run. Under CI=true a missing server fails the run; on a developer's
 * machine the MySQL half of the suite is skipped with a loud banner.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let reachable = false;
  let reason = '';
  try {
    const conn = await createConnection({ uri: TEST_MYSQL_URL, connectTimeout: 3000 });
    await conn.query('SELECT 1');
    await conn.end();
    reachable = true;
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  if (!reachable) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but MySQL/MariaDB is not reachable at ${TEST_MYSQL_URL}: ${reason}`);
    }
    const line = '!'.repeat(78);
    process.stderr.write(
      `\n${line}\n!! MySQL/MariaDB not reachable at ${TEST_MYSQL_URL} (${reason}).\n` +
        `!! SKIPPING every MySQL test; only SQLite is tested. Set TEST_MYSQL_URL or start MariaDB.\n${line}\n\n`,
    );
  }
  const mysqlUrl = reachable ? TEST_MYSQL_URL : null;
  project.provide('mysqlUrl', mysqlUrl);
  const { templates, drop } = await buildSchemaTemplates(mysqlUrl);
  project.provide('schemaTemplates', templates);
  return drop;
}
