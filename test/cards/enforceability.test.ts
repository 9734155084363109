import { describe, expect, it } from 'vitest';
import { subAccountDisabledCard, type SubAccountDisabledView } from '../../cards/subAccountDisabled.js';
import { userDetailCard, type UserDetailView } from '../../cards/userDetail.js';
import type { ArkEnforceabilityView } from '../../cards/lib/arkEnforceability.js';
import type { CardJson } from '../../cards/lib/types.js';
import { cardText, checkCard } from './support/cardValidator.js';
import { alice, freshness, NOW, projects, quota80, quotaOver } from './support/views.js';

const report: ArkEnforceabilityView = {
  projects: [
    {
      project: 'proj-a',
      presetEndpoints: ['ep-m-20260510120000-xyz12'],
      allResourceKeys: ['team-key'],
      keysOfUnknownPermission: ['old-key'],
      error: null,
    },
    {
      project: 'proj_b',
      presetEndpoints: [],
      allResourceKeys: [],
      keysOfUnknownPermission: [],
      error: 'boom',
    },
  ],
  accountWidePolicies: ['ArkFullAccess'],
  temporaryKeysValidUntil: new Date('2026-06-09T04:00:00Z'),
};

const disabled = (enforceability?: ArkEnforceabilityView | null): SubAccountDisabledView => ({
  sub: alice,
  quota: quotaOver,
  projects,
  accessKeys: ['AKLT1'],
  login: true,
  at: NOW,
  burnPerHour: '50',
  freshness,
  now: NOW,
  ...(enforceability === undefined ? {} : { enforceability }),
});

const detail = (enforceability?: ArkEnforceabilityView | null): UserDetailView => ({
  sub: { ...alice, status: 'active' },
  quota: quota80,
  projects: [{ name: 'proj-a', monitored: true, spent: '12.5', policies: ['ArkFullAccess'] }],
  policies: ['ArkFullAccess'],
  thresholds: [50, 80, 90],
  thresholdsOverridden: false,
  recent: [],
  ...(enforceability === undefined ? {} : { enforceability }),
});

const cases: Array<[string, (e?: ArkEnforceabilityView | null) => (l: 'zh' | 'en') => CardJson]> = [
  ['the disable card', (e) => (l) => subAccountDisabledCard(disabled(e), l)],
  ['the sub-account card', (e) => (l) => userDetailCard(detail(e), l)],
];

describe.each(cases)('%s with the enforceability report', (_name, render) => {
  it('names, in Chinese, each path AirGate cannot stop and is a card Feishu accepts', () => {
    const card = render(report)('zh');
    expect(checkCard(card).problems).toEqual([]);
    const text = cardText(card);
    for (const s of [
      '仍可能产生消费（AirGate 无法停止）',
      '项目 proj-a：预置接入点 ep-m-20260510120000-xyz12（按 Model ID 调用，无法停止）',
      '项目 proj-a：权限为“全部资源”的 API Key team-key',
      '项目 proj-a：权限未知的 API Key old-key',
      '无法读取方舟资源（boom）',
      '账号级策略 ArkFullAccess：它在监控项目之外产生的消费不计入额度',
      '2026-06-09 12:00',
    ])
      expect(text).toContain(s);
  });

  it('names the same in English, with no Chinese text, and is a card Feishu accepts', () => {
    const card = render(report)('en');
    expect(checkCard(card).problems).toEqual([]);
    const text = cardText(card);
    for (const s of [
      'Can still spend (AirGate cannot stop it)',
      'project proj-a: preset endpoints ep-m-20260510120000-xyz12 (calls by Model ID; cannot be stopped)',
      'API keys with "all resources" permission team-key',
      'account-wide policies ArkFullAccess: spending they allow outside the monitored projects is not counted',
      'until 2026-06-09 12:00',
    ])
      expect(text).toContain(s);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('without a report (unknown, or nothing to say) the card has no such section', () => {
    for (const e of [undefined, null]) {
      for (const l of ['zh', 'en'] as const) {
        const card = render(e)(l);
        expect(checkCard(card).problems).toEqual([]);
        expect(cardText(card)).not.toMatch(/AirGate 无法停止|AirGate cannot stop/);
      }
    }
  });
});
