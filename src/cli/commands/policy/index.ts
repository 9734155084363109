import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerPolicyList } from './list.js';
import { registerPolicyChange } from './change.js';

/** `airgate policy …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerPolicy(program: Command): void {
  const policy = program
    .command('policy')
    .description(t('管理子账号的权限策略', "manage sub-accounts' policies"));
  registerPolicyList(policy);
  registerPolicyChange(policy, 'attach');
  registerPolicyChange(policy, 'detach');
}
