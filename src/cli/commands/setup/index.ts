import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerSetupApproval } from './approval.js';

/** `airgate setup …`: one-time Feishu set-up steps, one file per sub-command in this folder. */
export function registerSetup(program: Command): void {
  const setup = program
    .command('setup')
    .description(t('一次性的飞书配置（审批中心等）', 'one-time Feishu set-up (approval centre, …)'));
  registerSetupApproval(setup);
}
