import * as c from '../../../cards/index.js';
import type { Entry } from './catalog.js';

const NOW = new Date('2026-12-05T08:00:00.000Z');

/** The audit log card: a long log (paged), and a filtered empty one. */
export const auditCards: Entry[] = [
  {
    name: 'auditList',
    render: (l) =>
      c.auditListCard(
        {
          entries: Array.from({ length: 120 }, (_, i) => ({
            at: new Date(NOW.getTime() - i * 60_000),
            actor: i % 3 === 0 ? 'Zhang San' : 'API key ci',
            kind: ['quota.allocate', 'subaccount.disable', 'project.add', 'custom.kind'][i % 4]!,
            target: `team-${i}`,
            summary: i % 2 ? 'amount=100.00 note=training' : '',
          })),
          page: 2,
          truncated: true,
        },
        l,
      ),
  },
  {
    name: 'auditList (filtered)',
    render: (l) =>
      c.auditListCard(
        {
          entries: [],
          page: 1,
          sub: { id: '0b6f1c5e-7d0a-4b8e-9a51-3c7e2f1d9a01', name: 'gpu-train' },
          person: { id: 'feishu:ou_x', name: 'Zhang San' },
          kind: 'quota',
        },
        l,
      ),
  },
];
