import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { getSettings } from '../../src/services/settings/getSettings.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { openHarness, type Harness } from './harness.js';
import { wordsOf } from '../errors/refusalWords.js';

const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };

describe.each(dbKinds())('settings on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('starts from the documented defaults', async () => {
    expect(await getSettings(h.deps)).toEqual({
      checkIntervalMinutes: 10,
      thresholds: [50, 80, 90],
      defaultProjectPolicies: ['ArkFullAccess', 'TOSFullAccess'],
      alertChatId: null,
      approvers: [],
      requestExpiryHours: 72,
      maxPendingRequestsPerSubAccount: 3,
      maxPendingRequestsPerRequester: 10,
      earlyWarningHours: 6,
      contractBilling: false,
      arkThrottlePercent: 95,
      arkThrottleRpm: 10,
      arkThrottleTpm: 20000,
      arkStopEndpoints: true,
      arkDenyPolicy: true,
      arkRegenKeys: false,
      approvalCenterCode: null,
      approverDepartments: {},
      approvalEscalateAbove: null,
      urgentAlerts: 'off',
      statementBaseAppToken: null,
      statementTableId: null,
    });
  });

  it('stores a valid change, normalizes thresholds and audits only what changed', async () => {
    const r = await updateSettings(h.deps, {
      actor: admin,
      patch: { thresholds: [90, 60, 60], alertChatId: 'oc_alerts', checkIntervalMinutes: 10 },
    });
    expect(r.changed.sort()).toEqual(['alertChatId', 'thresholds']);
    const s = await getSettings(h.deps);
    expect(s.thresholds).toEqual([60, 90]);
    expect(s.alertChatId).toBe('oc_alerts');
    const [audit] = await listAudit(h.deps, { targetType: 'settings' });
    expect(audit).toMatchObject({
      action: 'settings.update',
      before: { thresholds: [50, 80, 90] },
      after: { thresholds: [60, 90] },
    });
    await updateSettings(h.deps, { actor: admin, patch: { alertChatId: null } });
    expect((await getSettings(h.deps)).alertChatId).toBeNull();
  });

  it('refuses a request expiry above 14 days (Feishu updates a card for 14 days only) and says so', async () => {
    const ok = await updateSettings(h.deps, { actor: admin, patch: { requestExpiryHours: 336 } });
    expect(ok.settings.requestExpiryHours).toBe(336);
    const err = await updateSettings(h.deps, { actor: admin, patch: { requestExpiryHours: 337 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).details.field).toBe('requestExpiryHours');
    expect(wordsOf(err)).toBe(
      '设置项 requestExpiryHours 无效：最长 336 小时（14 天）：飞书只允许更新 14 天内发出的卡片 / ' +
        'invalid setting requestExpiryHours: at most 336 hours (14 days): Feishu updates a card for 14 days only',
    );
    expect((await getSettings(h.deps)).requestExpiryHours).toBe(336);
  });

  it('caps an expiry stored before the 14-day limit at 336 hours instead of dropping it', async () => {
    await withReader(h.deps.db, (m) =>
      h.deps.repos.settings.put(m, 'requestExpiryHours', 720, 'cli:old', h.clock.now()),
    );
    expect((await getSettings(h.deps)).requestExpiryHours).toBe(336);
  });

  it('says in words, each language alone, why thresholds are refused', async () => {
    const err = await updateSettings(h.deps, { actor: admin, patch: { thresholds: [0, 50] } }).catch(
      (e: unknown) => e,
    );
    expect(wordsOf(err)).toBe(
      '设置项 thresholds 无效：阈值须为 1–99 的整数，至多 10 个 / ' +
        'invalid setting thresholds: 1 to 10 whole percents between 1 and 99',
    );
  });

  it.each([
    [{ thresholds: [0, 50] }, 'thresholds'],
    [{ thresholds: [100] }, 'thresholds'],
    [{ checkIntervalMinutes: 0 }, 'checkIntervalMinutes'],
    [{ requestExpiryHours: 1.5 }, 'requestExpiryHours'],
    [{ defaultProjectPolicies: ['Bad Name'] }, 'defaultProjectPolicies'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j naming the field', async (patch, field) => {
    const err = await updateSettings(h.deps, { actor: admin, patch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).details.field).toContain(field);
  });
});
