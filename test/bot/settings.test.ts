import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_FIELDS } from '../../cards/lib/values.js';
import { getSettings } from '../../src/services/settings/getSettings.js';
import { dbKinds } from '../support/databases.js';
import { click, valueOf } from './support/chat.js';
import { people, setLocale, startWorld, teamChat, type World } from './support/world.js';
import { answer } from './iamSupport.js';

const F = FORM_FIELDS.settings;

const form = (o: Partial<Record<string, unknown>> = {}) => ({
  [F.interval]: '10',
  [F.thresholds]: '50,80,90',
  [F.policies]: 'ArkFullAccess,TOSFullAccess',
  [F.alertChat]: 'none',
  [F.approvers]: [],
  [F.expiry]: '72',
  [F.earlyWarning]: '6',
  ...o,
});

describe.each(dbKinds())('the settings form through the simulators (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('settings shows the form with the values in force, the approvers to choose and the bot’s chats', async () => {
    const r = await answer(w, 'admin', '设置');
    expect(r.text).toContain('AirGate 设置');
    const json = JSON.stringify(r.message.card);
    expect(json).toContain('"default_value":"10"');
    expect(json).toContain(people.approver.openId);
    expect(json).toContain(teamChat);
    expect(valueOf(r.message.card, 'settings.save')).toEqual({ a: 'settings.save', v: 1 });
  });

  it('saving the form stores every field and shows the form again, saved', async () => {
    const r = await answer(w, 'admin', 'settings', { chatId: teamChat });
    const res = await click(w, 'admin', r.message.messageId, valueOf(r.message.card, 'settings.save'), {
      formValue: form({
        [F.interval]: '15',
        [F.thresholds]: '60，85',
        [F.policies]: 'ArkFullAccess',
        [F.alertChat]: teamChat,
        [F.approvers]: [people.approver.openId],
        [F.expiry]: '48',
        [F.earlyWarning]: '0',
      }),
    });
    expect(JSON.stringify(res.toast)).toContain('设置已保存');
    expect(res.cardUpdated).toBe(true);
    const s = await getSettings(w.deps);
    expect(s).toMatchObject({
      checkIntervalMinutes: 15,
      thresholds: [60, 85],
      defaultProjectPolicies: ['ArkFullAccess'],
      alertChatId: teamChat,
      approvers: [people.approver.openId],
      requestExpiryHours: 48,
      earlyWarningHours: 0,
    });
    expect(JSON.stringify(w.feishu.message(r.message.messageId)!.card)).toContain('"default_value":"15"');
  });

  it('a bad field comes back on the form with the error, and nothing is saved (en)', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const before = await getSettings(w.deps);
      const r = await answer(w, 'admin', 'settings', { chatId: teamChat });
      const save = valueOf(r.message.card, 'settings.save');
      const bad = await click(w, 'admin', r.message.messageId, save, {
        formValue: form({ [F.thresholds]: '50,abc' }),
      });
      expect(JSON.stringify(bad.toast)).toContain('must be a whole number');
      expect(JSON.stringify(w.feishu.message(r.message.messageId)!.card)).toContain('must be a whole number');
      const zero = await click(w, 'admin', r.message.messageId, save, {
        formValue: form({ [F.interval]: '0' }),
      });
      expect(JSON.stringify(zero.toast)).toContain('checkIntervalMinutes');
      expect(await getSettings(w.deps)).toEqual(before);
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('only admins open or save the settings', async () => {
    const refused = await answer(w, 'approver', '设置');
    expect(refused.text).toContain('没有权限');
    expect(refused.text).toContain('管理员');
    const extra = await answer(w, 'admin', '设置 全部');
    expect(extra.text).toContain('多余的参数');
    const r = await answer(w, 'admin', '设置', { chatId: teamChat });
    const before = await getSettings(w.deps);
    const res = await click(w, 'lead', r.message.messageId, valueOf(r.message.card, 'settings.save'), {
      formValue: form({ [F.interval]: '99' }),
    });
    expect(JSON.stringify(res.toast)).toContain('没有权限');
    expect(await getSettings(w.deps)).toEqual(before);
  });
});
