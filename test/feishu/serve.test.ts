import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { eventually, testApp } from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';

describe.each(dbKinds())('`airgate serve` with a Feishu app configured, on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let server: RunningServer;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    const config = {
      ...loadConfig({
        FEISHU_APP_ID: testApp.appId,
        FEISHU_APP_SECRET: testApp.appSecret,
        FEISHU_ENCRYPT_KEY: testApp.encryptKey,
        FEISHU_VERIFICATION_TOKEN: testApp.verificationToken,
        FEISHU_BASE_URL: sim.url,
      }),
      database: db.config,
    };
    server = await startServer(createDeps(config, { log: createLogger('silent') }), {
      port: 0,
      host: '127.0.0.1',
    });
    sim.setEventUrl(`${server.url}/feishu/events`);
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
    await db?.drop();
  });

  it("passes the console's URL verification on POST /feishu/events", async () => {
    expect(await sim.verifyUrl()).toMatchObject({ ok: true, status: 200 });
  });

  it('answers ping with pong through the relay it started', async () => {
    const said = await sim.say({ from: USER, text: 'ping' });
    expect(said.delivered).toBe(true);
    await eventually('pong', () => sim.messages({ openId: USER }).some((m) => m.text === 'pong'));
  });
});
