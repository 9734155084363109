import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerApiKeyCreate } from './create.js';
import { registerApiKeyList } from './list.js';
import { registerApiKeyRevoke } from './revoke.js';

/** `airgate apikey …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerApiKey(program: Command): void {
  const apikey = program
    .command('apikey')
    .description(t('管理外部系统使用的 API key', 'manage API keys for external systems'));
  registerApiKeyCreate(apikey);
  registerApiKeyList(apikey);
  registerApiKeyRevoke(apikey);
}
