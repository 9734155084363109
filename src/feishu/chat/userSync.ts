import { userSyncReportCard } from '../../../cards/userSyncReport.js';
import { syncSubAccounts, type SyncReport } from '../../services/iam/syncSubAccounts.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';
import { withAccount } from './account.js';
import { mainAccount } from './userShared.js';

/** `user sync` (admin): brings AirGate's sub-accounts in line with Volcengine's IAM users. */
export const userSyncCommand = defineChatCommand({
  key: 'userSync',
  names: ['user sync', '用户 同步'],
  args: withAccount(noArgs),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const account = await mainAccount(deps, a.account);
    const report = await syncSubAccounts(deps, { actor, accountId: account.id, requestId: meta.requestId });
    return { account: account.name, at: deps.clock.now(), report };
  },
  render: (r: { account: string; at: Date; report: SyncReport }, locale) =>
    userSyncReportCard(
      {
        account: r.account,
        at: r.at,
        added: r.report.added,
        updated: [
          ...r.report.renamed.map((x) => `${x.from} → ${x.to}`),
          ...r.report.updated.map((x) => x.userName),
          ...r.report.restored,
        ],
        missing: r.report.missing,
        unchanged: r.report.unchanged,
      },
      locale,
    ),
});
