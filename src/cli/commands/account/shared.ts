import type { AccountDto } from '../../../db/repos/accounts.js';
import { t } from '../../i18n.js';

export const secretPrompt = () => t('SecretAccessKey（输入不回显）: ', 'SecretAccessKey (not echoed): ');
export const fromStdin = t(
  'SecretAccessKey 从标准输入读取，或在提示处输入（从不出现在命令行）',
  'the SecretAccessKey is read from stdin or a hidden prompt, never from the command line',
);

export const present = (a: AccountDto) => ({
  id: a.id,
  name: a.name,
  source: a.source,
  accessKeyId: a.accessKeyId,
  region: a.region,
  endpoint: a.endpoint,
  createdAt: a.createdAt.toISOString(),
});
