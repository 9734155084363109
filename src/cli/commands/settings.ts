import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import { getSettings } from '../../services/settings/getSettings.js';
import { SETTING_KEYS, type SettingKey } from '../../services/settings/schema.js';
import { updateSettings } from '../../services/settings/updateSettings.js';
import { UsageError } from '../../errors.js';
import { withCli, withJson } from '../context.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';

type Json = { json?: boolean };

/** `key=value`: the value as JSON when it reads as JSON (numbers, true/false, null, arrays), else as text. */
function parseAssignment(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new UsageError(`应为 名称=值：${text} / expected name=value: ${text}`, { field: text });
  }
  const key = text.slice(0, at).trim();
  const raw = text.slice(at + 1).trim();
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain text (a chat id, a policy name)
  }
  return [key, value];
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function registerSettings(program: Command): void {
  const settings = program
    .command('settings')
    .description(
      t(
        '查看或修改设置（飞书设置卡片之外的全部设置项）',
        'show or change settings (every one, not only those on the Feishu settings card)',
      ),
    );

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
