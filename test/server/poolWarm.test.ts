import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { WARM_CONNECTIONS } from '../../src/db/dataSource.js';
import { createDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

// The first burst of Feishu deliveries after a (re)start must not wait for MariaDB handshakes made one at
// a time under that burst: the server opens part of its pool before it listens.
describe.skipIf(!dbKinds().includes('mysql'))('a server on MySQL', () => {
  let db: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    db = await createTestDatabase('mysql', { migrated: true });
    const config = { ...loadConfig({}), database: db.config };
    server = await startServer(createDeps(config, { log: createLogger('silent') }), {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('has its pool’s first connections open when it starts listening', async () => {
    if (db.config.type !== 'mysql') throw new Error('mysql only');
    const name = new URL(db.config.url).pathname.slice(1);
    const conn = await createConnection({ uri: db.config.url });
    try {
      const [[row]] = (await conn.query(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
        [name],
      )) as unknown as [Array<{ n: number | string }>];
      expect(Number(row!.n)).toBeGreaterThanOrEqual(WARM_CONNECTIONS);
    } finally {
      await conn.end();
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
