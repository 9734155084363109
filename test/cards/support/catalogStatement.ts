import { monthlyStatementCard } from '../../../cards/monthlyStatement.js';
import { urgentFailedCard } from '../../../cards/urgentFailed.js';
import type { Entry } from './catalog.js';

/** The month-end statement's summary and the urgent-alert failure notice. */
export const statementCards: Entry[] = [
  {
    name: 'monthlyStatement',
    render: (l) =>
      monthlyStatementCard(
        {
          period: '2026-11',
          account: 'main',
          totalSpending: '1021.994188',
          billRows: 184,
          subAccounts: [
            {
              name: 'alice',
              quotaStart: '0',
              allocations: '620.5',
              spending: '612.000267',
              remaining: '8.499733',
              disables: 0,
            },
            {
              name: 'bob',
              quotaStart: '0',
              allocations: '40',
              spending: '245.160753',
              remaining: '-205.160753',
              disables: 1,
            },
          ],
          more: 3,
          unattributed: '164.833168',
          toBase: true,
        },
        l,
      ),
  },
  {
    name: 'monthlyStatement (empty)',
    render: (l) =>
      monthlyStatementCard(
        {
          period: '2026-11',
          account: 'main',
          totalSpending: '0',
          billRows: 0,
          subAccounts: [],
          more: 0,
          unattributed: '0',
          toBase: false,
        },
        l,
      ),
  },
  {
    name: 'urgentFailed',
    render: (l) =>
      urgentFailedCard(
        { method: 'urgent_phone', reason: '99991672 Access denied.', who: ['Owner', 'Admin'] },
        l,
      ),
  },
];
