import { common } from './zh/common.js';
import { commands } from './zh/commands.js';
import { users } from './zh/users.js';
import { quota } from './zh/quota.js';
import { alerts } from './zh/alerts.js';
import { accounts } from './zh/accounts.js';
import { enforcement } from './zh/enforcement.js';
import { arkAdmin } from './zh/arkAdmin.js';
import { errors } from './zh/errors.js';
import { bot } from './zh/bot.js';
import { spending } from './zh/spending.js';
import { billed } from './zh/billed.js';
import { approval } from './zh/approval.js';
import { route } from './zh/route.js';
import { ux } from './zh/ux.js';
import { cardsux } from './zh/cardsux.js';
import { statement } from './zh/statement.js';
import { audit } from './zh/audit.js';
import { resume } from './zh/resume.js';

/** Chinese texts of every card (the default language). `en.ts` must have exactly these keys. */
export const zh = {
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
} as const;

export type MessageKey = keyof typeof zh;
