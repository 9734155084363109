import { common } from './en/common.js';
import { commands } from './en/commands.js';
import { users } from './en/users.js';
import { quota } from './en/quota.js';
import { alerts } from './en/alerts.js';
import { accounts } from './en/accounts.js';
import { enforcement } from './en/enforcement.js';
import { arkAdmin } from './en/arkAdmin.js';
import { errors } from './en/errors.js';
import { bot } from './en/bot.js';
import { spending } from './en/spending.js';
import { billed } from './en/billed.js';
import { approval } from './en/approval.js';
import { route } from './en/route.js';
import { ux } from './en/ux.js';
import { cardsux } from './en/cardsux.js';
import { statement } from './en/statement.js';
import { audit } from './en/audit.js';
import { resume } from './en/resume.js';
import type { MessageKey } from './zh.js';

/** English texts; the type demands exactly the keys of `zh.ts` (each part also matches its Chinese part). */
export const en: Record<MessageKey, string> = {
  ...common,
  ...commands,
  ...users,
  ...quota,
  ...alerts,
  ...accounts,
  ...enforcement,
  ...arkAdmin,
  ...errors,
  ...bot,
  ...spending,
  ...billed,
  ...approval,
  ...route,
  ...ux,
  ...cardsux,
  ...statement,
  ...audit,
  ...resume,
};
