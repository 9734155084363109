import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { DOCUMENTED_SCOPES } from '../../../src/sim/feishu/scopes.js';
import { SANDBOX_BASE_APP_TOKEN, seedSandboxFeishuNative } from '../../../src/sim/feishu/bitable.js';
import { sdkClient, testApp } from './support.js';

/** Feishu Base (多维表格) through the official SDK's bitable.v1.appTable / appTableRecord. */
describe('Feishu simulator: Base tables and records', () => {
  let sim: FeishuSim;
  let appToken: string;
  const client = () => sdkClient(sim.url);
  const admin = async (path: string, method = 'GET', body?: unknown) =>
    (await fetch(`${sim.url}/__sim/bitable${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then((r) => r.json())) as Record<string, unknown>;

  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp, scopes: [...DOCUMENTED_SCOPES, 'bitable:app'] });
    appToken = (await admin('/bases', 'POST', { name: 'Finance' })).appToken as string;
  });
  afterAll(async () => {
    await sim?.close();
  });

  const createTable = (name: string) =>
    client().bitable.v1.appTable.create({
      path: { app_token: appToken },
      data: {
        table: {
          name,
          default_view_name: 'All',
          fields: [
            { field_name: 'Month', type: 1 },
            { field_name: 'Alerts', type: 2 },
          ],
        },
      },
    });

  it('creates a table and writes records; a repeated client_token writes nothing twice', async () => {
    const made = await createTable('Statement');
    expect(made.code).toBe(0);
    const tableId = made.data!.table_id!;
    const token = randomUUID();
    const write = () =>
      client().bitable.v1.appTableRecord.batchCreate({
        path: { app_token: appToken, table_id: tableId },
        params: { client_token: token },
        data: { records: [{ fields: { Month: '2026-11', Alerts: 2 } }] },
      });
    const first = await write();
    expect(first.code).toBe(0);
    const again = await write();
    expect(again.data?.records?.[0]?.record_id).toBe(first.data?.records?.[0]?.record_id);
    const bases = (await admin('/bases')) as unknown as Array<{ tables: Array<{ records: unknown[] }> }>;
    expect(bases[0]!.tables[0]!.records).toHaveLength(1);
  });

  it('answers bitable errors with HTTP 200 and their codes: unknown Base, table, field, wrong type', async () => {
    const tableId = (await createTable('Types')).data!.table_id!;
    const rec = (path: { app_token: string; table_id: string }, fields: Record<string, string | number>) =>
      client().bitable.v1.appTableRecord.batchCreate({ path, data: { records: [{ fields }] } });
    expect((await rec({ app_token: 'bascnNope', table_id: tableId }, { Month: 'x' })).code).toBe(1254040);
    expect((await rec({ app_token: appToken, table_id: 'tblNope' }, { Month: 'x' })).code).toBe(1254041);
    expect((await rec({ app_token: appToken, table_id: tableId }, { Nope: 'x' })).code).toBe(1254045);
    expect((await rec({ app_token: appToken, table_id: tableId }, { Alerts: '2' })).code).toBe(1254061);
    expect((await rec({ app_token: appToken, table_id: tableId }, { Month: 11 })).code).toBe(1254060);
    expect((await createTable('Types')).code).toBe(1254013);
  });

  it('refuses a batch over the limit (1,000 by default, a setting) with 1254104', async () => {
    const tableId = (await createTable('Limit')).data!.table_id!;
    await admin('/settings', 'PUT', { recordsPerBatch: 500 });
    const res = await client().bitable.v1.appTableRecord.batchCreate({
      path: { app_token: appToken, table_id: tableId },
      data: { records: Array.from({ length: 501 }, () => ({ fields: { Month: 'x' } })) },
    });
    expect(res.code).toBe(1254104);
    await admin('/settings', 'PUT', { recordsPerBatch: 1000 });
  });

  it('refuses without a bitable scope (99991672)', async () => {
    sim.setScopes(DOCUMENTED_SCOPES);
    try {
      const res = await createTable('NoScope').catch(
        (e: { response?: { data?: { code?: number } } }) => e.response?.data,
      );
      expect(res?.code).toBe(99991672);
    } finally {
      sim.setScopes([...DOCUMENTED_SCOPES, 'bitable:app']);
    }
  });
});

describe('Feishu simulator: the sandbox seed of the Feishu-native features', () => {
  it('adds a Base the app can write to and the scopes, and returns the settings that use them', async () => {
    const sim = await startFeishuSim({ app: testApp });
    try {
      const settings = await seedSandboxFeishuNative(sim);
      expect(settings).toEqual({ statementBaseAppToken: SANDBOX_BASE_APP_TOKEN, urgentAlerts: 'urgent_app' });
      expect(sim.scopes()).toEqual(expect.arrayContaining(['bitable:app', 'im:message.urgent']));
      const res = await sdkClient(sim.url).bitable.v1.appTable.list({
        path: { app_token: SANDBOX_BASE_APP_TOKEN },
      });
      expect(res.code).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
