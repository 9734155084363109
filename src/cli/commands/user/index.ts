import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerUserList } from './list.js';
import { registerUserShow } from './show.js';
import { registerUserCreate } from './create.js';
import { registerUserSync } from './sync.js';
import { registerUserImport } from './import.js';
import { registerUserDisable } from './disable.js';
import { registerUserEnable } from './enable.js';

/** `airgate user …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description(t('管理子账号（火山引擎 IAM 用户）', 'manage sub-accounts (Volcengine IAM users)'));
  registerUserList(user);
  registerUserShow(user);
  registerUserCreate(user);
  registerUserSync(user);
  registerUserImport(user);
  registerUserDisable(user);
  registerUserEnable(user);
}
