import type { AnyChatCommand } from './define.js';
import { iamChatCommands } from './userCommands.js';
import { helpCommand } from './help.js';
import { dashboardCommand } from './dashboard.js';
import { usersCommand } from './users.js';
import { userCommand } from './user.js';
import { myQuotaCommand, quotaCommand } from './quota.js';
import { withdrawCommand } from './withdraw.js';
import { applyCommand } from './apply.js';
import { allocateCommand, deductCommand } from './allocate.js';
import { historyCommand } from './history.js';
import { billingCommand } from './billing.js';
import { alertsCommand } from './alerts.js';
import { auditCommand } from './audit.js';
import { thresholdsCommand } from './thresholds.js';
import { checkCommand } from './check.js';
import { accountsCommand } from './accounts.js';

/**
 * Every chat command, in the order the registry tries them when two share a name (e.g. "用户" lists and
 * "用户 NAME" shows one: the list comes first). Add a command with one line here.
 */
export const chatCommands: AnyChatCommand[] = [
  helpCommand,
  dashboardCommand,
  usersCommand,
  userCommand,
  quotaCommand,
  myQuotaCommand,
  withdrawCommand,
  applyCommand,
  allocateCommand,
  deductCommand,
  historyCommand,
  billingCommand,
  alertsCommand,
  auditCommand,
  thresholdsCommand,
  checkCommand,
  accountsCommand,
];

// The IAM, policy, project and settings commands (userCommands.ts).
chatCommands.push(...iamChatCommands);
