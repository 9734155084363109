import { withReader } from '../../db/repos/transaction.js';
import type { AlertDto } from '../../db/repos/alerts.js';
import type { ApiDeps } from '../route.js';

export type AlertWithNames = { alert: AlertDto; subaccount: string | null; account: string | null };

/**
 * Alerts newest first with the names of their sub-account and main account. A read-only query the spending
 * watch's services do not offer yet; it belongs in src/services/alerts once that area exists.
 */
export async function listAlerts(
  deps: Pick<ApiDeps, 'db' | 'repos'>,
  filter: { type?: string; subAccountId?: string; since?: Date; limit: number },
): Promise<AlertWithNames[]> {
  return withReader(deps.db, async (m) => {
    const alerts = await deps.repos.alerts.list(m, filter);
    const accounts = new Map((await deps.repos.accounts.list(m)).map((a) => [a.id, a.name]));
    const subs = new Map<string, { userName: string; accountId: string } | null>();
    for (const id of new Set(alerts.flatMap((a) => (a.subAccountId ? [a.subAccountId] : [])))) {
      subs.set(id, await deps.repos.subAccounts.findById(m, id));
    }
    return alerts.map((alert) => {
      const sub = alert.subAccountId ? subs.get(alert.subAccountId) : null;
      const accountId = alert.accountId ?? sub?.accountId ?? null;
      return {
        alert,
        subaccount: sub?.userName ?? null,
        account: accountId ? (accounts.get(accountId) ?? null) : null,
      };
    });
  });
}
