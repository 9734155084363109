import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerAccountAdd } from './add.js';
import { registerAccountList } from './list.js';
import { registerAccountRemove } from './remove.js';
import { registerAccountRotateKey } from './rotateKey.js';
import { registerAccountReseal } from './reseal.js';

/** `airgate account …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerAccount(program: Command): void {
  const account = program
    .command('account')
    .description(t('管理火山引擎主账号', 'manage Volcengine main accounts'));
  registerAccountAdd(account);
  registerAccountList(account);
  registerAccountRemove(account);
  registerAccountRotateKey(account);
  registerAccountReseal(account);
}
