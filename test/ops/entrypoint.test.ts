import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { ENTRYPOINT, databaseUrl, productionEnv, run, startSims, type Sims } from './support.js';
import { migrations } from '../../migrations/index.js';

const APPLIED_ALL = new RegExp(`applied ${migrations.length} migration\\(s\\)`);

// Each test starts AirGate as a child process (TypeScript compiled on the fly): allow for a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const entrypoint = (args: string[], env: Record<string, string>) => run('sh', [ENTRYPOINT, ...args], env);

async function mysqlAdmin<T>(
  fn: (c: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const c = await createConnection({ uri: inject('mysqlUrl')! });
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe.each(dbKinds())('docker/entrypoint.sh on %s', (kind) => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sims = await startSims();
    env = productionEnv(sims, db, { AIRGATE_DB_WAIT_SECONDS: '20' });
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  it('runs any other airgate command as given, without waiting or migrating', async () => {
    const help = entrypoint(['--help'], env);
    expect((await help.exited).code).toBe(0);
    expect(help.stdout()).toMatch(/Usage: airgate/);
    expect(help.stderr()).not.toMatch(/database/);
    const doctor = entrypoint(['doctor', '--json'], env);
    await doctor.exited;
    const report = JSON.parse(doctor.stdout()) as { checks: Array<{ id: string; status: string }> };
    // Nothing migrated the fresh database: doctor reports it as it is.
    const database = report.checks.find((c) =>
      kind === 'sqlite' ? c.id === 'database' : c.id === 'database.migrations',
    );
    expect(database?.status).toBe('fail');
    if (db.config.type === 'sqlite') expect(existsSync(db.config.path)).toBe(false);
  });

  it('`scheduler` waits for the database, migrates it once, runs, and stops on SIGTERM', async () => {
    const scheduler = entrypoint(['scheduler', '--tick', '1'], env);
    await scheduler.waitFor(/AirGate scheduler running/);
    expect(scheduler.stderr()).toMatch(APPLIED_ALL);
    scheduler.kill('SIGTERM');
    expect((await scheduler.exited).code).toBe(0);
    const again = entrypoint(['migrate'], env);
    expect((await again.exited).code).toBe(0);
    expect(again.stdout()).toMatch(/database is up to date/);
  });

  it.runIf(kind === 'mysql')(
    'waits for a MySQL database that does not exist yet, then migrates it',
    async () => {
      const name = `airgate_t_${randomBytes(6).toString('hex')}`;
      const url = databaseUrl(db).replace(/\/[^/]+$/, `/${name}`);
      try {
        const child = entrypoint(['migrate'], { ...env, DATABASE_URL: url });
        await child.waitFor(
          /waiting for the database mysql:\/\/127\.0\.0\.1:3306\/airgate_t_\w+: ER_BAD_DB_ERROR/,
        );
        await mysqlAdmin((c) =>
          c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
        );
        const exit = await child.exited;
        expect(child.stdout()).toMatch(APPLIED_ALL);
        expect(exit.code).toBe(0);
      } finally {
        await mysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
      }
    },
  );

  it.runIf(kind === 'mysql')('migrates once when two replicas start together', async () => {
    const name = `airgate_t_${randomBytes(6).toString('hex')}`;
    await mysqlAdmin((c) =>
      c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
    );
    try {
      const url = databaseUrl(db).replace(/\/[^/]+$/, `/${name}`);
      const replicas = [1, 2].map(() =>
        run(process.execPath, ['bin/airgate.mjs', 'wait-db', '--migrate'], { ...env, DATABASE_URL: url }),
      );
      const exits = await Promise.all(replicas.map((r) => r.exited));
      expect(exits.map((e) => e.code)).toEqual([0, 0]);
      const said = replicas.map((r) => r.stderr());
      expect(said.filter((s) => APPLIED_ALL.test(s))).toHaveLength(1);
      expect(said.filter((s) => /database schema is up to date/.test(s))).toHaveLength(1);
      const rows = await mysqlAdmin((c) => c.query(`SELECT name FROM \`${name}\`.migrations`));
      expect((rows[0] as unknown[]).length).toBe(migrations.length);
    } finally {
      await mysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
    }
  });
});

describe('docker/entrypoint.sh without a database', () => {
  it('gives up after AIRGATE_DB_WAIT_SECONDS, naming the database but not its password', async () => {
    const child = entrypoint(['serve'], {
      NODE_ENV: 'development',
      DATABASE_URL: 'mysql://airgate:pw-never-printed@127.0.0.1:9/airgate',
      AIRGATE_DB_WAIT_SECONDS: '1',
      AIRGATE_LOCALE: 'en',
    });
    const exit = await child.exited;
    expect(exit.code).not.toBe(0);
    expect(child.stderr()).toMatch(/database not available: mysql:\/\/127\.0\.0\.1:9\/airgate: ECONNREFUSED/);
    expect(child.stdout()).not.toMatch(/listening/);
    expect(child.stdout() + child.stderr()).not.toContain('pw-never-printed');
  });
});
