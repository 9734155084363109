import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { getSettings } from '../../../services/settings/getSettings.js';
import { SETTING_KEYS, type SettingKey } from '../../../services/settings/schema.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';
import { show } from './shared.js';

/** `airgate settings list` */
export function registerSettingsList(settings: Command): void {
  withJson(settings.command('list'))
    .description(t('列出全部设置及其当前值', 'list every setting and its current value'))
    .action(
      action((opts: Json) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'settings.view');
          const s = await getSettings(deps);
          out(
            opts,
            () => s,
            () =>
              renderTable(
                [
                  { header: t('设置项', 'setting'), value: (k: SettingKey) => k },
                  { header: t('值', 'value'), value: (k: SettingKey) => show(s[k]) },
                ],
                SETTING_KEYS,
              ),
          );
        }),
      ),
    );
}
