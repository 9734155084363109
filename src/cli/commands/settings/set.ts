import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { updateSettings } from '../../../services/settings/updateSettings.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { parseAssignment, show } from './shared.js';

/** `airgate settings set` */
export function registerSettingsSet(settings: Command): void {
  withJson(settings.command('set'))
    .description(
      t(
        '修改设置：名称=值 …，例如 contractBilling=true arkThrottlePercent=0',
        'change settings: name=value …, e.g. contractBilling=true arkThrottlePercent=0',
      ),
    )
    .argument('<assignments...>', t('名称=值', 'name=value'))
    .action(
      action((assignments: string[], opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'settings.manage');
          const patch = Object.fromEntries(assignments.map(parseAssignment));
          const r = await updateSettings(deps, { actor, patch, requestId: requestId() });
          out(
            opts,
            () => ({ changed: r.changed, settings: r.settings }),
            () =>
              r.changed.length === 0
                ? t('没有变化\n', 'nothing changed\n')
                : r.changed.map((k) => `${k} = ${show(r.settings[k])}\n`).join(''),
          );
        }),
      ),
    );
}
