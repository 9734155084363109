import { accountsRepo } from './accounts.js';
import { alertsRepo } from './alerts.js';
import { apiKeysRepo } from './apiKeys.js';
import { auditRepo } from './audit.js';
import { ledgerRepo } from './ledger.js';
import { membersRepo } from './members.js';
import { notificationsRepo } from './notifications.js';
import { approvalCenterSyncsRepo } from './approvalCenterSyncs.js';
import { projectsRepo } from './projects.js';
import { quotaRequestsRepo } from './quotaRequests.js';
import { settingsRepo } from './settings.js';
import { spendingRepo } from './spending.js';
import { subAccountsRepo } from './subAccounts.js';

/**
 * The repositories, one per aggregate: the only QueryBuilder code. Each function takes the EntityManager
 * to run on (a transaction's, or the DataSource's for plain reads) and returns plain DTOs.
 */
export function createRepos() {
  return {
    accounts: accountsRepo,
    subAccounts: subAccountsRepo,
    projects: projectsRepo,
    ledger: ledgerRepo,
    quotaRequests: quotaRequestsRepo,
    spending: spendingRepo,
    alerts: alertsRepo,
    settings: settingsRepo,
    members: membersRepo,
    apiKeys: apiKeysRepo,
    audit: auditRepo,
    notifications: notificationsRepo,
    approvalCenterSyncs: approvalCenterSyncsRepo,
  };
}

export type Repos = ReturnType<typeof createRepos>;
