import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerSettingsList } from './list.js';
import { registerSettingsSet } from './set.js';

/** `airgate settings …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerSettings(program: Command): void {
  const settings = program
    .command('settings')
    .description(
      t(
        '查看或修改设置（飞书设置卡片之外的全部设置项）',
        'show or change settings (every one, not only those on the Feishu settings card)',
      ),
    );
  registerSettingsList(settings);
  registerSettingsSet(settings);
}
