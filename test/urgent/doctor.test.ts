import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { runDoctor } from '../../src/services/doctor/runDoctor.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productionEnv, startSims, type Sims } from '../ops/support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

/** `airgate doctor` checks the scopes of urgent alerts and of the statement's Base only when they are on. */
describe('airgate doctor and the Feishu-native features', () => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;
  const setSettings = async (patch: Record<string, unknown>) => {
    const deps = createDeps({ ...loadConfig({}), database: db.config }, { log: createLogger('silent') });
    try {
      await deps.db.initialize();
      await updateSettings(deps, { actor: { kind: 'cli', osUser: 'test' }, patch });
    } finally {
      await closeDeps(deps);
    }
  };
  const checks = async () =>
    Object.fromEntries(
      (await runDoctor(env)).checks
        .filter((c) => c.id === 'feishu.urgent' || c.id === 'feishu.statementBase')
        .map((c) => [c.id, c.status]),
    );

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', { migrated: true });
    sims = await startSims();
    env = productionEnv(sims, db);
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  it('checks nothing while both are off (the default)', async () => {
    expect(await checks()).toEqual({});
  });

  it('fails a feature that is on without its scope, and passes once it is granted', async () => {
    await setSettings({ urgentAlerts: 'urgent_sms', statementBaseAppToken: 'bascnFinance0001' });
    const granted = sims.feishu.scopes();
    expect(await checks()).toEqual({ 'feishu.urgent': 'fail', 'feishu.statementBase': 'fail' });
    // in-app urgency is not SMS urgency
    sims.feishu.setScopes([...granted, 'im:message.urgent', 'bitable:app']);
    expect(await checks()).toEqual({ 'feishu.urgent': 'fail', 'feishu.statementBase': 'pass' });
    sims.feishu.setScopes([...granted, 'im:message.urgent:sms', 'bitable:app']);
    expect(await checks()).toEqual({ 'feishu.urgent': 'pass', 'feishu.statementBase': 'pass' });
    sims.feishu.setScopes(granted);
  });
});
