import * as c from '../../../cards/index.js';
import type { Entry } from './catalog.js';
import { alice, DAY_BEFORE, freshness, NOW, projects, quota80, quotaOver, tricky } from './views.js';

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
];
