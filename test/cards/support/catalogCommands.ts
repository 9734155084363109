import * as c from '../../../cards/index.js';
import { COMMAND_KEYS } from '../../../cards/lib/commands.js';
import type { Entry } from './catalog.js';
import {
  alice,
  manyDashboardRows,
  manyEntries,
  manyUsers,
  NOW,
  quota80,
  quotaOver,
  tricky,
} from './views.js';

/** Help, errors, the dashboard and the sub-account cards. */
export const commandCards: Entry[] = [
  { name: 'help (admin)', render: (l) => c.helpCard({ commands: COMMAND_KEYS, roles: ['admin'] }, l) },
  {
    name: 'help (viewer)',
    render: (l) =>
      c.helpCard({ commands: ['help', 'dashboard', 'users', 'user', 'quota'], roles: ['viewer'] }, l),
  },
  { name: 'help (nothing)', render: (l) => c.helpCard({ commands: [], roles: [] }, l) },
  {
    name: 'usage (bad args)',
    render: (l) =>
      c.usageCard(
        {
          input: '申请 alice abc 元',
          command: 'apply',
          problem: '无效金额 / invalid amount: "abc"',
          suggestions: ['apply', 'allocate'],
        },
        l,
      ),
  },
  {
    name: 'usage (unknown)',
    render: (l) => c.usageCard({ input: 'qouta alice', suggestions: ['quota'] }, l),
  },
  {
    name: 'forbidden',
    render: (l) =>
      c.forbiddenCard({ command: 'allocate', needed: ['approver', 'admin'], yourRoles: ['lead'] }, l),
  },
  {
    name: 'forbidden (owner)',
    render: (l) => c.forbiddenCard({ needed: ['lead'], yourRoles: ['lead'], ownerOnly: true }, l),
  },
  {
    name: 'notFound',
    render: (l) => c.notFoundCard({ kind: 'subAccount', name: 'alcie', suggestions: ['alice', 'alicia'] }, l),
  },
  {
    name: 'notFound (none)',
    render: (l) => c.notFoundCard({ kind: 'project', name: 'x', suggestions: [] }, l),
  },
  {
    name: 'upstreamError',
    render: (l) =>
      c.upstreamErrorCard({ requestId: 'req-7f3a', retryable: true, upstreamRequestId: '20250610-abc' }, l),
  },
  {
    name: 'upstreamError (final)',
    render: (l) => c.upstreamErrorCard({ requestId: 'req-7f3a', retryable: false }, l),
  },
  { name: 'internalError', render: (l) => c.internalErrorCard({ requestId: 'req-9c1d' }, l) },
  {
    name: 'dashboard',
    render: (l) =>
      c.dashboardCard(
        {
          totals: {
            subAccounts: 200,
            active: 188,
            disabled: 12,
            quota: '1234567.89',
            spent: '987654.32',
            remaining: '246913.57',
          },
          near: manyDashboardRows(30),
          over: manyDashboardRows(3),
          disabled: [],
          trend: Array.from({ length: 30 }, (_, i) => ({
            label: `06-${String(i + 1).padStart(2, '0')}`,
            amount: `${1000 + i * 37}.5`,
          })),
          lastCheckAt: NOW,
        },
        l,
      ),
  },
  {
    name: 'dashboard (empty)',
    render: (l) =>
      c.dashboardCard(
        {
          totals: { subAccounts: 0, active: 0, disabled: 0, quota: '0', spent: '0', remaining: '0' },
          near: [],
          over: [],
          disabled: [],
          trend: [],
          lastCheckAt: null,
        },
        l,
      ),
  },
  { name: 'userList (200, page 1)', render: (l) => c.userListCard({ rows: manyUsers(200), page: 1 }, l) },
  { name: 'userList (200, page 10)', render: (l) => c.userListCard({ rows: manyUsers(200), page: 10 }, l) },
  { name: 'userList (empty)', render: (l) => c.userListCard({ rows: [], page: 1 }, l) },
  {
    name: 'quotaPicker (buttons)',
    render: (l) => c.quotaPickerCard({ subs: manyUsers(5).map((u) => ({ id: u.id, name: u.name })) }, l),
  },
  {
    name: 'quotaPicker (dropdown)',
    render: (l) => c.quotaPickerCard({ subs: manyUsers(40).map((u) => ({ id: u.id, name: u.name })) }, l),
  },
  {
    name: 'enableAsk',
    render: (l) => c.enableAskCard({ sub: { id: tricky.id, name: tricky.name }, percent: '102.3' }, l),
  },
  { name: 'cancelled', render: (l) => c.cancelledCard(l) },
  ...[3, 14].map((n) => ({
    name: `userDetail (${n} projects)`,
    render: (l: c.Locale) =>
      c.userDetailCard(
        {
          sub: { ...tricky, status: 'active', displayName: 'Eve', account: 'main', owner: 'Bob Lead' },
          quota: quota80,
          projects: Array.from({ length: n }, (_, i) => ({
            name: `proj-${i}`,
            monitored: i % 2 === 0,
            spent: `${i}.5`,
            policies: ['ArkFullAccess'],
          })),
          policies: ['IAMReadOnlyAccess'],
          thresholds: [50, 80, 90],
          thresholdsOverridden: true,
          recent: manyEntries(5).map((e) => ({
            at: e.at,
            amount: e.amount,
            note: e.note,
            operator: e.operator,
          })),
          burnPerHour: '12.5',
          exhaustsInHours: 15,
          canAllocate: n === 3,
        },
        l,
      ),
  })),
  {
    name: 'userDetail (disabled)',
    render: (l) =>
      c.userDetailCard(
        {
          sub: { ...alice, status: 'disabled' },
          quota: quotaOver,
          projects: [],
          policies: [],
          thresholds: [50, 80, 90],
          thresholdsOverridden: false,
          recent: [],
        },
        l,
      ),
  },
  {
    name: 'userCreated',
    render: (l) =>
      c.userCreatedCard(
        {
          name: 'alice',
          account: 'main',
          loginName: 'alice',
          accessKeyId: 'AKLTdemo123',
          secretAccessKey: 'SECRET-CANARY-9f8e7d',
          project: { name: 'ml-training', policies: ['ArkFullAccess', 'TOSFullAccess'] },
          quotaZero: true,
        },
        l,
      ),
  },
  {
    name: 'userCreated notice',
    render: (l) => c.userCreatedNoticeCard({ name: 'alice' }, l),
  },
  {
    name: 'userSyncReport',
    render: (l) =>
      c.userSyncReportCard(
        {
          account: 'main',
          at: NOW,
          added: manyUsers(200).map((u) => u.name),
          updated: ['bob'],
          missing: ['carol'],
          unchanged: 5,
        },
        l,
      ),
  },
  {
    name: 'userSyncReport (nothing)',
    render: (l) => c.userSyncReportCard({ at: NOW, added: [], updated: [], missing: [], unchanged: 8 }, l),
  },
];
