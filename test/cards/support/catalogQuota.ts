import * as c from '../../../cards/index.js';
import type { Entry } from './catalog.js';
import { alice, EARLIER, manyEntries, manyUsers, NOW, quota80 } from './views.js';

const request: Omit<c.QuotaRequestView, 'decision'> = {
  id: 'b1d2c3e4-0000-4000-8000-000000000042',
  sub: alice,
  amount: '500',
  reason: '训练任务延长一周 <at id=all></at> **urgent**',
  requester: 'Bob Lead',
  createdAt: EARLIER,
  expiresAt: new Date(EARLIER.getTime() + 72 * 3_600_000),
  usage: quota80,
  burnPerHour: '12.5',
};
const decisions: c.QuotaRequestDecision[] = [
  { state: 'pending' },
  { state: 'approved', by: 'Carol Approver', at: NOW, amount: '400', newQuota: '1400', note: 'trimmed' },
  { state: 'rejected', by: 'Carol Approver', at: NOW, note: 'next quarter' },
  { state: 'expired', at: NOW },
  { state: 'cancelled', by: 'Bob Lead', at: NOW },
];

const settings: c.SettingsValues = {
  checkIntervalMinutes: 10,
  thresholds: [50, 80, 90],
  defaultProjectPolicies: ['ArkFullAccess', 'TOSFullAccess'],
  alertChatId: 'oc_alerts',
  approvers: ['ou_carol', 'ou_gone'],
  requestExpiryHours: 72,
  earlyWarningHours: 6,
};
const candidates = [
  { openId: 'ou_carol', name: 'Carol' },
  { openId: 'ou_dave', name: 'Dave' },
];

/** The approval flow, ledger, billing, alert history, thresholds, settings and checks. */
export const quotaCards: Entry[] = [
  ...decisions.map((decision) => ({
    name: `quotaRequest (${decision.state})`,
    render: (l: c.Locale) => c.quotaRequestCard({ ...request, decision }, l),
  })),
  ...decisions
    .filter((d): d is Exclude<c.QuotaRequestDecision, { state: 'pending' }> => d.state !== 'pending')
    .map((decision) => ({
      name: `quotaRequestOutcome (${decision.state})`,
      render: (l: c.Locale) =>
        c.quotaRequestOutcomeCard({ sub: alice, amount: '500', reason: request.reason, decision }, l),
    })),
  {
    name: 'allocationDone',
    render: (l) =>
      c.allocationDoneCard(
        {
          kind: 'allocate',
          sub: alice,
          amount: '100',
          note: '补充 <b>额度</b>',
          operator: 'Carol',
          seq: 7,
          quota: quota80,
          reEnabled: true,
        },
        l,
      ),
  },
  {
    name: 'allocationDone (deduct)',
    render: (l) =>
      c.allocationDoneCard(
        {
          kind: 'deduct',
          sub: alice,
          amount: '50',
          note: 'refund',
          operator: 'Carol',
          seq: 8,
          quota: quota80,
          replayed: true,
        },
        l,
      ),
  },
  {
    name: 'history (200, page 1)',
    render: (l) => c.historyCard({ sub: alice, entries: manyEntries(200), page: 1 }, l),
  },
  {
    name: 'history (200, last page)',
    render: (l) => c.historyCard({ sub: alice, entries: manyEntries(200), page: 10 }, l),
  },
  { name: 'history (empty)', render: (l) => c.historyCard({ sub: alice, entries: [], page: 1 }, l) },
  {
    name: 'billing (all, 600 rows)',
    render: (l) =>
      c.billingCard(
        {
          month: '2025-06',
          rows: manyUsers(200).flatMap((u) =>
            ['a', 'b', 'c'].map((p) => ({
              project: `${u.name}-${p}`,
              subAccount: u.name,
              amount: '123.45',
              monitored: p !== 'c',
            })),
          ),
          total: '74070',
          monitoredTotal: '49380',
          page: 3,
          asOf: EARLIER,
          quotas: manyUsers(200).map((u, i) => ({ name: u.name, quota: '1000', spent: `${i * 7}.5` })),
        },
        l,
      ),
  },
  {
    name: 'billing (one)',
    render: (l) =>
      c.billingCard(
        {
          month: '2025-06',
          sub: alice,
          rows: [{ project: 'ml-training', amount: '600.25', monitored: true }],
          total: '600.25',
          monitoredTotal: '600.25',
          page: 1,
          asOf: null,
          quotas: [{ name: alice.name, quota: '800', spent: '600.25' }],
        },
        l,
      ),
  },
  {
    name: 'alertList',
    render: (l) =>
      c.alertListCard(
        {
          alerts: Array.from({ length: 200 }, (_, i) => ({
            at: new Date(NOW.getTime() - i * 60_000),
            type: c.ALERT_TYPES[i % 6]!,
            level: 'warning',
            subAccount: `team-${i}`,
            percent: '90',
            delivered: i % 7 !== 0,
            failed: i % 14 === 0,
          })),
          page: 1,
        },
        l,
      ),
  },
  {
    name: 'alertList (filtered)',
    render: (l) => c.alertListCard({ alerts: [], page: 1, type: 'sync_error', sub: alice }, l),
  },
  {
    name: 'thresholds (set)',
    render: (l) =>
      c.thresholdsCard({ sub: alice, thresholds: [60, 85, 95], cleared: false, global: [50, 80, 90] }, l),
  },
  {
    name: 'thresholds (cleared)',
    render: (l) =>
      c.thresholdsCard({ sub: alice, thresholds: [50, 80, 90], cleared: true, global: [50, 80, 90] }, l),
  },
  {
    name: 'settings',
    render: (l) =>
      c.settingsCard(
        { settings, approverCandidates: candidates, chats: [{ id: 'oc_alerts', name: 'Ops' }] },
        l,
      ),
  },
  {
    name: 'settings (saved, no chats)',
    render: (l) =>
      c.settingsCard(
        {
          settings: { ...settings, alertChatId: null },
          approverCandidates: [],
          saved: true,
          errors: ['阈值须为 1–99 的整数'],
        },
        l,
      ),
  },
  { name: 'checkResult (no watcher)', render: (l) => c.checkResultCard({ state: 'noWatcher' }, l) },
  { name: 'checkResult (busy)', render: (l) => c.checkResultCard({ state: 'busy', since: EARLIER }, l) },
  {
    name: 'checkResult (ran)',
    render: (l) =>
      c.checkResultCard(
        {
          state: 'ran',
          at: NOW,
          durationMs: 2345,
          accounts: 1,
          subAccounts: 8,
          alerts: 3,
          disabled: ['alice'],
          enabled: ['bob'],
          syncErrors: ['main'],
          newestBillRowAt: EARLIER,
        },
        l,
      ),
  },
];
