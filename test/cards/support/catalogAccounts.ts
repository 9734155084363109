import * as c from '../../../cards/index.js';
import type { Entry } from './catalog.js';

/** Main accounts: the list with each one's health, and the picker of a command that needs one. */
export const accountCards: Entry[] = [
  {
    name: 'accountList (two, one failing)',
    render: (l) =>
      c.accountListCard(
        {
          accounts: [
            {
              name: 'default',
              accessKeyId: 'AKLT…1a2b',
              region: 'cn-beijing',
              fromEnv: true,
              health: { status: 'pass', detail: 'signed call answered' },
            },
            {
              name: 'second',
              accessKeyId: 'AKLT…9f8e',
              region: 'cn-shanghai',
              fromEnv: false,
              health: { status: 'fail', detail: 'SignatureDoesNotMatch' },
            },
          ],
        },
        l,
      ),
  },
  { name: 'accountList (none)', render: (l) => c.accountListCard({ accounts: [] }, l) },
  {
    name: 'accountPicker',
    render: (l) =>
      c.accountPickerCard(
        { input: l === 'zh' ? '用户 同步' : 'user sync', accounts: ['default', 'second'] },
        l,
      ),
  },
];
