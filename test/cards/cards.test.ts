import { describe, expect, it } from 'vitest';
import { helpCard } from '../../cards/help.js';
import { usageCard } from '../../cards/usage.js';
import { forbiddenCard } from '../../cards/forbidden.js';
import { userCreatedCard } from '../../cards/userCreated.js';
import { userDetailCard } from '../../cards/userDetail.js';
import { checkResultCard } from '../../cards/checkResult.js';
import { settingsCard } from '../../cards/settings.js';
import { thresholdAlertCard } from '../../cards/thresholdAlert.js';
import type { CardJson } from '../../cards/lib/types.js';
import { parseActionValue } from '../../cards/lib/values.js';
import { callbackValues, cardText } from './support/cardValidator.js';
import { alice, freshness, NOW, quota80, tricky } from './support/views.js';

function markdownOf(card: CardJson): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'markdown' && typeof o.content === 'string') out.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(card.body);
  return out;
}

describe('command cards', () => {
  it('help lists only the commands the caller may use', () => {
    const text = cardText(helpCard({ commands: ['help', 'quota'], roles: ['viewer'] }, 'en'));
    expect(text).toContain('`quota NAME`');
    expect(text).not.toContain('allocate');
    expect(text).not.toContain('settings');
    expect(text).toContain('Your roles: viewer');
  });

  it('a usage card says what was wrong, the right usage and the closest command', () => {
    const text = cardText(usageCard({ input: 'qouta alice', suggestions: ['quota'] }, 'zh'));
    expect(text).toContain('qouta alice');
    expect(text).toContain('无法识别这条命令');
    expect(text).toContain('`额度 名称`');
    expect(text).toContain('什么都没有改变');
  });

  it('forbidden names the role needed', () => {
    expect(
      cardText(
        forbiddenCard({ command: 'allocate', needed: ['approver', 'admin'], yourRoles: ['lead'] }, 'zh'),
      ),
    ).toContain('**审批人 或 管理员**');
  });

  it('the created card shows the secret once, says to store it now, and keeps it out of the chat preview', () => {
    const secret = 'SECRET-CANARY-9f8e7d';
    const card = userCreatedCard({ name: 'alice', accessKeyId: 'AKLTdemo', secretAccessKey: secret }, 'zh');
    const json = JSON.stringify(card);
    expect(json.split(secret).length - 1).toBe(1);
    expect(card.config.summary?.content).not.toContain(secret);
    expect(card.header?.title.content).not.toContain(secret);
    expect(cardText(card)).toContain('只显示这一次');
    expect(cardText(card)).toContain('不会发到群里');
  });

  it('user detail offers a monitoring toggle per project and the usual next steps', () => {
    const card = userDetailCard(
      {
        sub: { ...alice, status: 'active' },
        quota: quota80,
        projects: [
          { name: 'web', monitored: true, spent: '1', policies: [] },
          { name: 'ml', monitored: false, spent: '2', policies: [] },
        ],
        policies: [],
        thresholds: [50, 80, 90],
        thresholdsOverridden: false,
        recent: [],
      },
      'en',
    );
    const values = callbackValues(card).map(parseActionValue);
    expect(values).toContainEqual({ a: 'project.toggle', v: 1, sub: alice.id, project: 'web', on: false });
    expect(values).toContainEqual({ a: 'project.toggle', v: 1, sub: alice.id, project: 'ml', on: true });
    expect(values.map((v) => v?.a)).toEqual(
      expect.arrayContaining(['quota.applyPrompt', 'user.history', 'billing.open', 'user.disable']),
    );
  });

  it('a name full of markdown shows as typed and mentions no one', () => {
    const card = thresholdAlertCard(
      {
        sub: tricky,
        threshold: 80,
        quota: quota80,
        projects: [],
        burnPerHour: '1',
        exhaustsInHours: 5,
        freshness,
        now: NOW,
      },
      'zh',
    );
    const markdownContents = markdownOf(card);
    expect(markdownContents.join('\n')).toContain('**eve&#95;&lt;at id=all&gt;&lt;/at&gt;&#42;x&#42;**');
    for (const m of markdownContents) expect(m).not.toMatch(/<at|\*x\*/);
    expect(card.header?.title.content).toContain(tricky.name); // a plain-text header shows it verbatim
  });

  it('check says plainly when no watcher runs yet', () => {
    expect(cardText(checkResultCard({ state: 'noWatcher' }, 'en'))).toContain(
      'The spending watch is not running yet',
    );
  });

  it('the settings form starts from the current values, so saving it unchanged changes nothing', () => {
    const card = settingsCard(
      {
        settings: {
          checkIntervalMinutes: 10,
          thresholds: [50, 80, 90],
          defaultProjectPolicies: ['ArkFullAccess'],
          alertChatId: 'oc_old',
          approvers: ['ou_carol', 'ou_left'],
          requestExpiryHours: 72,
          earlyWarningHours: 6,
        },
        approverCandidates: [{ openId: 'ou_carol', name: 'Carol' }],
        chats: [{ id: 'oc_ops', name: 'Ops' }],
      },
      'en',
    );
    const json = JSON.stringify(card);
    expect(json).toContain('"selected_values":["ou_carol","ou_left"]');
    expect(json).toContain('"initial_option":"oc_old"');
    expect(json).toContain('"default_value":"50,80,90"');
    expect(callbackValues(card)).toEqual([{ a: 'settings.save', v: 1 }]);
  });
});
