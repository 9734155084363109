import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../src/services/doctor/runDoctor.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productionEnv, startSims, type Sims } from './support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

/** The doctor on how Feishu events reach AirGate over HTTP: the Encrypt Key is what production needs. */
describe('airgate doctor and HTTP event delivery', () => {
  let db: TestDatabase;
  let sims: Sims;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    sims = await startSims();
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  const without = (env: Record<string, string>, ...names: string[]) =>
    Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
  const eventsCheck = async (env: Record<string, string>) =>
    (await runDoctor(env)).checks.find((c) => c.id === 'feishu.events');

  it('passes with the Encrypt Key: events are encrypted and signed, and names the request URL', async () => {
    const events = await eventsCheck(productionEnv(sims, db));
    expect(events?.status).toBe('pass');
    expect(events?.detail.en).toBe(
      'HTTP callback (encrypted and signed): the request URL must be https://<your host>/feishu/events',
    );
    expect(events?.detail.zh).toContain('加密并签名');
  });

  it('refuses to start in production without the Encrypt Key, even with a verification token', async () => {
    const report = await runDoctor(without(productionEnv(sims, db), 'FEISHU_ENCRYPT_KEY'));
    expect(report.ok).toBe(false);
    expect(report.checks.some((c) => c.status === 'fail' && c.detail.en.includes('FEISHU_ENCRYPT_KEY'))).toBe(
      true,
    );
  });

  it('warns outside production that a verification token alone is not enough for production', async () => {
    const env = { ...without(productionEnv(sims, db), 'FEISHU_ENCRYPT_KEY'), NODE_ENV: 'development' };
    const events = await eventsCheck(env);
    expect(events?.status).toBe('warn');
    expect(events?.detail.en).toContain(
      'FEISHU_ENCRYPT_KEY is not set: events arrive neither encrypted nor signed',
    );
    expect(events?.detail.en).toContain('production with HTTP delivery requires the Encrypt Key');
    expect(events?.detail.zh).toContain('生产环境使用 HTTP 回调时必须设置 Encrypt Key');
    expect(events?.fix?.en).toContain('into FEISHU_ENCRYPT_KEY');
  });

  it('warns outside production that with neither key nor token every event is refused', async () => {
    const env = {
      ...without(productionEnv(sims, db), 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN'),
      NODE_ENV: 'development',
    };
    const events = await eventsCheck(env);
    expect(events?.status).toBe('warn');
    expect(events?.detail.en).toContain('every event is refused');
    expect(events?.detail.zh).toContain('所有事件都会被拒绝');
  });
});
