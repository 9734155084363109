import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { systemActor } from '../../src/policies/actor.js';
import { runDoctor } from '../../src/services/doctor/runDoctor.js';
import type { DoctorCheck } from '../../src/services/doctor/types.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { airgate, productionEnv, startSims, type Sims } from './support.js';

// Each test starts AirGate as a child process (TypeScript compiled on the fly): allow for a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const ALERTS = 'oc_doctor_alerts_0001';
const NO_BOT = 'oc_doctor_nobot_00001';
const LIMITED = {
  accessKeyId: `AKLT${randomBytes(12).toString('hex')}`,
  secretAccessKey: randomBytes(24).toString('base64'),
};

const byId = (checks: DoctorCheck[]) => new Map(checks.map((c) => [c.id, c]));

describe.each(dbKinds())('airgate doctor on %s', (kind) => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;

  const setAlertChat = async (chatId: string | null) => {
    const deps = createDeps({ ...loadConfig(env), database: db.config }, { log: createLogger('silent') });
    try {
      await initDeps(deps, { migrate: true });
      await updateSettings(deps, { actor: systemActor, patch: { alertChatId: chatId } });
    } finally {
      await closeDeps(deps);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sims = await startSims({
      volcSeed: {
        // A key whose user may list users and keys, nothing else.
        customPolicies: [
          {
            policyName: 'AirGateListUsersOnly',
            policyDocument: {
              Statement: [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListAccessKeys'] }],
            },
          },
        ],
        users: [
          {
            userName: 'airgate-operator',
            accessKeys: [LIMITED],
            policies: [{ policyName: 'AirGateListUsersOnly', policyType: 'Custom' }],
          },
        ],
      },
    });
    sims.feishu.seedUsers([{ openId: 'ou_doctor_admin_0001', name: 'Ada' }]);
    sims.feishu.seedChat({
      chatId: ALERTS,
      name: 'AirGate alerts',
      type: 'group',
      members: ['ou_doctor_admin_0001'],
    });
    sims.feishu.seedChat({
      chatId: NO_BOT,
      name: 'No bot here',
      type: 'group',
      members: ['ou_doctor_admin_0001'],
      botIsMember: false,
    });
    // An install names its first admin (doctor warns when nobody would be admin).
    env = { ...productionEnv(sims, db), AIRGATE_ADMINS: 'ou_doctor_admin_0001' };
    await setAlertChat(ALERTS);
  });
  afterAll(async () => {
    await sims?.close();
    await db?.drop();
  });

  it('passes every check against the simulators', async () => {
    const report = await runDoctor(env);
    const checks = byId(report.checks);
    expect(report.ok).toBe(true);
    for (const id of [
      'config',
      'database',
      'database.migrations',
      'volc.default',
      'volc.default.permissions',
      'volc.default.splitBilling',
      'feishu.token',
      'feishu.bot',
      'feishu.alertChat',
      'feishu.events',
      'alerts.route',
    ]) {
      expect(checks.get(id)?.status, id).toBe('pass');
    }
    expect(checks.get('feishu.alertChat')?.detail.en).toBe('the bot is in "AirGate alerts"');
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(
      kind === 'sqlite' ? ['config.database'] : [],
    );
  });

  it('names a wrong Volcengine secret and how to fix it', async () => {
    const report = await runDoctor({ ...env, VOLC_SECRET_ACCESS_KEY: randomBytes(30).toString('base64') });
    const volc = byId(report.checks).get('volc.default')!;
    expect(report.ok).toBe(false);
    expect(volc.status).toBe('fail');
    expect(volc.detail.en).toMatch(
      /^SignatureDoesNotMatch: the SecretAccessKey does not belong to AccessKeyId AKLT…/,
    );
    expect(volc.fix?.en).toMatch(/correct VOLC_SECRET_ACCESS_KEY/);
    expect(byId(report.checks).has('volc.default.permissions')).toBe(false);
    expect(byId(report.checks).get('feishu.token')?.status).toBe('pass');
  });

  it('names a wrong Feishu app secret and how to fix it', async () => {
    const report = await runDoctor({ ...env, FEISHU_APP_SECRET: randomBytes(16).toString('hex') });
    const token = byId(report.checks).get('feishu.token')!;
    expect(report.ok).toBe(false);
    expect(token.status).toBe('fail');
    expect(token.detail.en).toMatch(/wrong App Secret .*10014 app secret invalid/);
    expect(token.fix?.en).toMatch(/into FEISHU_APP_SECRET/);
    expect(byId(report.checks).get('volc.default')?.status).toBe('pass');
  });

  it('names a missing database, creating nothing', async () => {
    const missing =
      db.config.type === 'sqlite'
        ? `sqlite:${db.config.path.replace(/airgate\.sqlite$/, 'nowhere.sqlite')}`
        : db.config.url.replace(/\/[^/]+$/, '/airgate_missing_db');
    const report = await runDoctor({ ...env, DATABASE_URL: missing });
    const database = byId(report.checks).get('database')!;
    expect(report.ok).toBe(false);
    expect(database.status).toBe('fail');
    if (db.config.type === 'sqlite') {
      expect(database.detail.en).toMatch(/the database file does not exist: .*nowhere\.sqlite/);
      expect(database.fix?.en).toMatch(/airgate migrate/);
      expect(existsSync(missing.slice('sqlite:'.length))).toBe(false);
    } else {
      expect(database.detail.en).toMatch(/the database airgate_missing_db does not exist/);
      expect(database.fix?.en).toMatch(/CREATE DATABASE `airgate_missing_db` CHARACTER SET utf8mb4/);
    }
    expect(byId(report.checks).has('database.migrations')).toBe(false);
    expect(byId(report.checks).get('feishu.alertChat')?.status).toBe('skip');
    expect(byId(report.checks).get('volc.default')?.status).toBe('pass');
  });

  it('lists the Volcengine permissions a key lacks', async () => {
    const report = await runDoctor({
      ...env,
      VOLC_ACCESS_KEY_ID: LIMITED.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: LIMITED.secretAccessKey,
    });
    const checks = byId(report.checks);
    expect(checks.get('volc.default')?.status).toBe('pass');
    const perms = checks.get('volc.default.permissions')!;
    expect(perms.status).toBe('fail');
    expect(perms.detail.en).toBe(
      'missing permissions: iam:ListPolicies, iam:ListProjects, billing:ListSplitBillDetail (policies, projects, billing)',
    );
  });

  it('says when the bot is not in the alert chat', async () => {
    await setAlertChat(NO_BOT);
    try {
      const chat = byId((await runDoctor(env)).checks).get('feishu.alertChat')!;
      expect(chat.status).toBe('fail');
      expect(chat.detail.en).toBe(`the bot is not in the alert chat ${NO_BOT}`);
      expect(chat.fix?.en).toMatch(/Add bot/);
    } finally {
      await setAlertChat(ALERTS);
    }
  });

  it('fails (not warns) when critical alerts have nowhere to go: no alert chat and no admin', async () => {
    // A database with no admin, and no AIRGATE_ADMINS to seed one.
    const bare = await createTestDatabase(kind);
    const bareEnv = { ...productionEnv(sims, bare) };
    const deps = createDeps(
      { ...loadConfig(bareEnv), database: bare.config },
      { log: createLogger('silent') },
    );
    try {
      await initDeps(deps, { migrate: true });
      await updateSettings(deps, { actor: systemActor, patch: { alertChatId: null } });
    } finally {
      await closeDeps(deps);
    }
    try {
      const report = await runDoctor(bareEnv);
      const route = byId(report.checks).get('alerts.route')!;
      expect(report.ok).toBe(false);
      expect(route.status).toBe('fail');
      expect(route.detail.en).toBe(
        'no alert chat and no admin: disable, enforcement-failed and sync-error alerts reach no one',
      );
      // An admin to be seeded from AIRGATE_ADMINS is somewhere to go: critical cards reach them privately.
      const withAdmin = await runDoctor({ ...bareEnv, AIRGATE_ADMINS: 'ou_doctor_admin_0001' });
      expect(byId(withAdmin.checks).get('alerts.route')?.status).toBe('pass');
    } finally {
      await bare.drop();
    }
  });

  it('fails when split billing is off: the split bill is empty while the bill detail has rows', async () => {
    sims.volc.setBurns([
      { project: 'default', ratePerHour: '1', since: new Date(Date.now() - 6 * 86_400_000).toISOString() },
    ]);
    sims.volc.settings({ splitBillingSince: null });
    try {
      const report = await runDoctor(env);
      const split = byId(report.checks).get('volc.default.splitBilling')!;
      expect(report.ok).toBe(false);
      expect(split.status).toBe('fail');
      expect(split.detail.en).toMatch(/is empty while the bill detail has \d+ rows .*split billing is off/);
      expect(split.fix?.en).toMatch(/Split bills → Enable/);
    } finally {
      sims.volc.settings({ splitBillingSince: '2022-01-01T00:00:00+08:00' });
    }
    expect(byId((await runDoctor(env)).checks).get('volc.default.splitBilling')?.status).toBe('pass');
  });

  it('prints one line per check and exits 0, or 1 with a fix on each failure and no secret', async () => {
    const good = airgate(['doctor'], env);
    const ok = await good.exited;
    expect(good.stdout()).toMatch(/^✓ configuration: NODE_ENV=production/m);
    expect(good.stdout()).toMatch(
      /^✓ Volcengine account default permissions: IAM users, access keys, policies, projects, billing: readable$/m,
    );
    expect(good.stdout().trim().split('\n').at(-1)).toMatch(/^all passed \(\d+ checks/);
    expect(ok.code).toBe(0);

    const wrongVolc = randomBytes(30).toString('base64');
    const wrongApp = randomBytes(16).toString('hex');
    const bad = airgate(['doctor'], {
      ...env,
      AIRGATE_LOCALE: 'zh',
      VOLC_SECRET_ACCESS_KEY: wrongVolc,
      FEISHU_APP_SECRET: wrongApp,
    });
    const failed = await bad.exited;
    const out = bad.stdout() + bad.stderr();
    expect(failed.code).toBe(1);
    expect(out).toMatch(/^✗ 火山引擎账号 default: 签名不匹配.* — 修复: 改正 VOLC_SECRET_ACCESS_KEY/m);
    expect(out).toMatch(/^✗ 飞书应用凭据: App Secret 错误.* — 修复: .*FEISHU_APP_SECRET/m);
    expect(out).toMatch(/2 项未通过/);
    for (const secret of [
      wrongVolc,
      wrongApp,
      sims.creds.volc.secretAccessKey,
      sims.creds.feishu.appSecret,
      sims.creds.encryptionKey,
    ]) {
      expect(out).not.toContain(secret);
    }
  });
});
