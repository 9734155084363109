import * as c from '../../../cards/index.js';
import type { Entry } from './catalog.js';
import { alice, EARLIER, quota80, quotaFresh } from './views.js';

/** Results of commands, policies, projects, quota and the apply form. */
export const projectCards: Entry[] = [
  {
    name: 'actionDone (disabled)',
    render: (l) =>
      c.actionDoneCard(
        { kind: 'disabled', subject: 'alice', accessKeys: ['AKLT1', 'AKLT2'], login: true },
        l,
      ),
  },
  {
    name: 'actionDone (enabled)',
    render: (l) =>
      c.actionDoneCard({ kind: 'enabled', subject: 'alice', accessKeys: ['AKLT1'], login: false }, l),
  },
  {
    name: 'actionDone (policy)',
    render: (l) =>
      c.actionDoneCard(
        { kind: 'policyAttached', subject: 'alice', policy: 'ArkFullAccess', project: 'ml-training' },
        l,
      ),
  },
  {
    name: 'actionDone (unchanged)',
    render: (l) =>
      c.actionDoneCard(
        { kind: 'policyDetached', subject: 'alice', policy: 'X', project: null, unchanged: true, note: 'n' },
        l,
      ),
  },
  {
    name: 'actionDone (imported)',
    render: (l) => c.actionDoneCard({ kind: 'imported', subject: 'alice' }, l),
  },
  {
    name: 'policyList',
    render: (l) =>
      c.policyListCard(
        {
          policies: Array.from({ length: 300 }, (_, i) => ({
            name: `Policy${i}FullAccess`,
            type: i % 3 ? 'system' : 'custom',
            description: 'Full access to a Volcengine product, including every read and write action',
          })),
          page: 2,
        },
        l,
      ),
  },
  {
    name: 'policyList (sub)',
    render: (l) =>
      c.policyListCard(
        {
          policies: [
            { name: 'ArkFullAccess', type: 'system', project: 'ml-training' },
            { name: 'IAMReadOnlyAccess', type: 'system', project: null },
          ],
          page: 1,
          sub: alice,
        },
        l,
      ),
  },
  {
    name: 'projectList',
    render: (l) =>
      c.projectListCard(
        {
          projects: Array.from({ length: 120 }, (_, i) => ({
            name: `project-${i}`,
            displayName: `项目 ${i}`,
            takenBy: i % 4 ? null : 'alice',
          })),
          page: 1,
        },
        l,
      ),
  },
  {
    name: 'projectList (sub)',
    render: (l) =>
      c.projectListCard(
        {
          projects: [
            { name: 'default', takenBy: 'bob' },
            { name: 'web' },
            { name: 'ml-training', displayName: 'Training', takenBy: alice.name },
          ],
          page: 1,
          sub: alice,
        },
        l,
      ),
  },
  {
    name: 'projectAdded',
    render: (l) =>
      c.projectAddedCard(
        {
          sub: alice,
          project: 'ml-training',
          attached: ['ArkFullAccess', 'TOSFullAccess'],
          alreadyAttached: ['VPCReadOnly'],
          countsFrom: '2025-06-10',
          quotaZero: true,
        },
        l,
      ),
  },
  {
    name: 'projectRemoved',
    render: (l) =>
      c.projectRemovedCard(
        { sub: alice, project: 'ml-training', detached: ['ArkFullAccess'], spentUntilNow: '600.25' },
        l,
      ),
  },
  {
    name: 'projectToggled',
    render: (l) =>
      c.projectToggledCard(
        { sub: alice, changed: [{ name: 'web', monitored: false }], all: false, quota: quota80 },
        l,
      ),
  },
  {
    name: 'resumeAsk',
    render: (l) =>
      c.resumeAskCard(
        {
          sub: alice,
          all: false,
          periods: [
            {
              name: 'web',
              pausedAt: EARLIER,
              resumeAt: new Date('2025-06-14T01:30:00Z'),
              skipFrom: '2025-06-11',
              skipTo: '2025-06-13',
              spending: '1562.174',
              provisional: true,
            },
          ],
        },
        l,
      ),
  },
  {
    name: 'resumeAsk (all, spending unknown)',
    render: (l) =>
      c.resumeAskCard(
        {
          sub: alice,
          all: true,
          periods: ['web', 'ml'].map((name) => ({
            name,
            pausedAt: EARLIER,
            resumeAt: new Date('2025-06-14T01:30:00Z'),
            skipFrom: '2025-06-11',
            skipTo: '2025-06-13',
            spending: null,
          })),
        },
        l,
      ),
  },
  {
    name: 'projectToggled (resumed, paused days left out)',
    render: (l) =>
      c.projectToggledCard(
        {
          sub: alice,
          changed: [{ name: 'web', monitored: true }],
          all: false,
          quota: quota80,
          decided: {
            count: false,
            periods: [
              {
                name: 'web',
                pausedAt: EARLIER,
                resumeAt: EARLIER,
                skipFrom: '2025-06-11',
                skipTo: '2025-06-13',
                spending: '10',
              },
            ],
          },
        },
        l,
      ),
  },
  {
    name: 'projectToggled (all)',
    render: (l) =>
      c.projectToggledCard(
        {
          sub: alice,
          changed: [
            { name: 'web', monitored: true },
            { name: 'ml', monitored: true },
          ],
          all: true,
          quota: quota80,
        },
        l,
      ),
  },
  {
    name: 'quota',
    render: (l) =>
      c.quotaCard(
        {
          sub: { ...alice, status: 'active' },
          quota: quota80,
          thresholds: [50, 80, 90],
          thresholdsOverridden: false,
          burnPerHour: '12.5',
          exhaustsInHours: 15,
          spentAsOf: EARLIER,
        },
        l,
      ),
  },
  {
    name: 'quota (fresh)',
    render: (l) =>
      c.quotaCard(
        {
          sub: { ...alice, status: 'active' },
          quota: quotaFresh,
          thresholds: [50, 80, 90],
          thresholdsOverridden: false,
        },
        l,
      ),
  },
  {
    name: 'allocatePrompt',
    render: (l) => c.allocatePromptCard({ sub: alice, quota: quota80 }, l),
  },
  {
    name: 'applyPrompt',
    render: (l) => c.applyPromptCard({ sub: alice, quota: quota80, suggestedAmount: '500' }, l),
  },
];
