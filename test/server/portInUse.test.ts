import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createDeps } from '../../src/deps.js';
import { ConfigError, exitCodeFor } from '../../src/errors.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { wordsOf } from '../errors/refusalWords.js';

describe('a port already in use', () => {
  let db: TestDatabase;
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    port = (holder.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => holder.close(r));
    await db?.drop();
  });

  it('says which port is taken and what to do, in both languages, as a configuration error (not a bare EADDRINUSE)', async () => {
    const deps = createDeps({ ...loadConfig({}), database: db.config }, { log: createLogger('silent') });
    const err = await startServer(deps, { port, host: '127.0.0.1', scheduler: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const words = wordsOf(err);
    expect(words).toContain(`端口 ${port}`);
    expect(words).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(words).toContain('PORT');
    expect(exitCodeFor[(err as ConfigError).code]).toBe(2);
    if (deps.db.isInitialized) await deps.db.destroy();
  });
});
