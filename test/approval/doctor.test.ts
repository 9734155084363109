import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps } from '../../src/deps.js';
import { systemActor } from '../../src/policies/actor.js';
import { runDoctor } from '../../src/services/doctor/runDoctor.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import type { SettingsPatch } from '../../src/services/settings/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productionEnv, startSims, type Sims } from '../ops/support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

describe('airgate doctor and the scopes of the approval centre and the org chart', () => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', { migrated: true });
    sims = await startSims();
    env = productionEnv(sims, db);
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  const settle = async (patch: SettingsPatch) => {
    const deps = createDeps({ ...loadConfig(env) });
    await deps.db.initialize();
    await updateSettings(deps, { actor: systemActor, patch });
    await closeDeps(deps);
  };
  const find = async (id: string) => (await runDoctor(env)).checks.find((c) => c.id === id);

  it('checks nothing of either while neither is switched on', async () => {
    const report = await runDoctor(env);
    expect(report.checks.filter((c) => c.id.startsWith('approval.'))).toEqual([]);
  });

  it('fails the approval centre without approval:approval, and passes with it', async () => {
    await settle({ approvalCenterCode: 'airgate-quota-request' });
    const c = await find('approval.centre.scopes');
    expect(c?.status).toBe('fail');
    expect(c?.detail.en).toBe('missing approval:approval: requests cannot reach the approval centre');
    sims.feishu.setScopes([...sims.feishu.scopes(), 'approval:approval']);
    expect((await find('approval.centre.scopes'))?.status).toBe('pass');
  });

  it('fails the org chart without the leader field scope, naming the fallback', async () => {
    await settle({ approverDepartments: { 'sub-1': 'D1' } });
    sims.feishu.setScopes([...sims.feishu.scopes(), 'contact:contact.base:readonly']);
    const c = await find('approval.org.scopes');
    expect(c?.status).toBe('fail');
    expect(c?.detail.en).toContain('missing contact:department.organize:readonly');
    expect(c?.detail.en).toContain('configured approvers');
    sims.feishu.setScopes([...sims.feishu.scopes(), 'contact:department.organize:readonly']);
    expect((await find('approval.org.scopes'))?.status).toBe('pass');
  });
});
