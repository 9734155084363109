import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerMemberAdd } from './add.js';
import { registerMemberList } from './list.js';
import { registerMemberRemove } from './remove.js';

/** `airgate member …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerMember(program: Command): void {
  const member = program.command('member').description(t('管理成员与角色', 'manage members and their roles'));
  registerMemberAdd(member);
  registerMemberList(member);
  registerMemberRemove(member);
}
