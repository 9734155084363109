import * as c from '../../../cards/index.js';
import { arkEnforcementCard, type ArkEnforcementView } from '../../../cards/arkEnforcement.js';
import type { Entry } from './catalog.js';
import { alice, DAY_BEFORE, freshness, NOW, projects, quota80, quotaOver, tricky } from './views.js';

const arkBase: ArkEnforcementView = {
  kind: 'stopped',
  sub: alice,
  percent: '100.4',
  throttle: { rpm: 10, tpm: 20000 },
  changes: [
    { lever: 'stop', project: 'proj-a', target: 'ep-20260510120000-abcde' },
    { lever: 'deny', project: 'proj-a', target: 'proj-a' },
    { lever: 'regen', project: 'proj-a', target: '42' },
  ],
  failures: [
    {
      lever: 'stop',
      project: 'proj-b',
      target: 'ep-20260510120000-fghij',
      reason: 'StopEndpoint: 500 InternalError',
    },
  ],
  report: {
    projects: [
      {
        project: 'proj-a',
        presetEndpoints: ['ep-m-20260510120000-xyz12'],
        allResourceKeys: ['team-key'],
        keysOfUnknownPermission: [],
        error: null,
      },
    ],
    accountWidePolicies: ['ArkFullAccess'],
    temporaryKeysValidUntil: NOW,
  },
  at: NOW,
};

/** The spending-watch alerts. */
export const alertCards: Entry[] = [
  {
    name: 'thresholdAlert',
    render: (l) =>
      c.thresholdAlertCard(
        {
          sub: tricky,
          threshold: 80,
          quota: quota80,
          projects,
          burnPerHour: '12.5',
          exhaustsInHours: 15,
          freshness,
          now: NOW,
        },
        l,
      ),
  },
  {
    name: 'thresholdAlert (40 projects)',
    render: (l) =>
      c.thresholdAlertCard(
        {
          sub: alice,
          threshold: 90,
          quota: quota80,
          projects: Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, spent: '20.3' })),
          burnPerHour: '0',
          exhaustsInHours: null,
          freshness: { newestBillRowAt: null, worstCaseOverspend: '0' },
          now: NOW,
        },
        l,
      ),
  },
  {
    name: 'earlyWarning',
    render: (l) =>
      c.earlyWarningCard(
        {
          sub: alice,
          quota: quota80,
          projects,
          burnPerHour: '50',
          exhaustsInHours: 3.75,
          horizonHours: 6,
          freshness,
          now: NOW,
        },
        l,
      ),
  },
  {
    name: 'subAccountDisabled',
    render: (l) =>
      c.subAccountDisabledCard(
        {
          sub: alice,
          quota: quotaOver,
          projects,
          accessKeys: ['AKLT1', 'AKLT2'],
          login: true,
          at: NOW,
          burnPerHour: '50',
          freshness,
          now: NOW,
        },
        l,
      ),
  },
  {
    name: 'subAccountReEnabled',
    render: (l) =>
      c.subAccountReEnabledCard(
        { sub: alice, quota: quota80, accessKeys: ['AKLT1'], login: true, at: NOW, allocatedBy: 'Carol' },
        l,
      ),
  },
  {
    name: 'syncError',
    render: (l) =>
      c.syncErrorCard(
        {
          account: 'main',
          at: NOW,
          reason: 'ListBillDetail page 3/7: 503 ServiceUnavailable',
          consecutive: 3,
          subAccounts: 8,
          lastCompleteAt: DAY_BEFORE,
        },
        l,
      ),
  },
  {
    name: 'enforcementFailed',
    render: (l) =>
      c.enforcementFailedCard(
        { sub: alice, action: 'disable', attempts: 2, reason: 'UpdateAccessKey: 500 InternalError', at: NOW },
        l,
      ),
  },
  {
    name: 'enforcementFailed (enable)',
    render: (l) =>
      c.enforcementFailedCard({ sub: alice, action: 'enable', attempts: 1, reason: 'x', at: NOW }, l),
  },
  ...(['stopped', 'throttled', 'repaired', 'restored', 'failed'] as const).map((kind) => ({
    name: `arkEnforcement (${kind})`,
    render: (l: 'zh' | 'en') => arkEnforcementCard({ ...arkBase, kind }, l),
  })),
];
