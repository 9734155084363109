import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerQuotaWrite } from './write.js';
import { registerQuotaHistory } from './history.js';

/** `airgate quota …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerQuota(program: Command): void {
  const quota = program
    .command('quota')
    .description(t('分配、扣减额度与查看流水', 'allocate and deduct quota, see the ledger'));
  registerQuotaWrite(quota, 'allocate');
  registerQuotaWrite(quota, 'deduct');
  registerQuotaHistory(quota);
}
