import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../src/services/doctor/runDoctor.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productionEnv, startSims, type Sims } from './support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

describe('airgate doctor and the Feishu app scopes', () => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    sims = await startSims();
    env = productionEnv(sims, db);
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  const scopesCheck = async () => (await runDoctor(env)).checks.find((c) => c.id === 'feishu.scopes');

  it('passes when the app holds the scopes of the setup guide', async () => {
    expect((await scopesCheck())?.status).toBe('pass');
  });

  it('fails without im:message.p2p_msg:readonly, saying direct messages never arrive and what to enable', async () => {
    const granted = sims.feishu.scopes();
    sims.feishu.setScopes(granted.filter((s) => s !== 'im:message.p2p_msg:readonly'));
    try {
      const report = await runDoctor(env);
      const scopes = report.checks.find((c) => c.id === 'feishu.scopes')!;
      expect(report.ok).toBe(false);
      expect(scopes.status).toBe('fail');
      expect(scopes.detail.en).toBe(
        'missing im:message.p2p_msg:readonly: direct messages never reach the bot',
      );
      expect(scopes.fix?.en).toContain('enable im:message.p2p_msg:readonly');
    } finally {
      sims.feishu.setScopes(granted);
    }
  });
});
