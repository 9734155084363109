import type * as c from '../../../cards/index.js';
import { accountCards } from './catalogAccounts.js';
import { alertCards } from './catalogAlerts.js';
import { auditCards } from './catalogAudit.js';
import { commandCards } from './catalogCommands.js';
import { projectCards } from './catalogProjects.js';
import { quotaCards } from './catalogQuota.js';
import { statementCards } from './catalogStatement.js';

/** Every card in every variant a user can meet, ready to render in either language. */
export type Entry = { name: string; render: (l: c.Locale) => c.CardJson };

export const catalog: Entry[] = [
  ...commandCards,
  ...projectCards,
  ...quotaCards,
  ...alertCards,
  ...accountCards,
  ...statementCards,
  ...auditCards,
];
