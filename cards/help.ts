import { translator } from './i18n/index.js';
import { card, header, markdown, note } from './lib/builders.js';
import { COMMAND_GROUPS, type CommandKey } from './lib/commands.js';
import { roleList } from './lib/parts.js';
import type { CardJson, Locale, Role } from './lib/types.js';

/** The commands the caller may use (the caller filters by role), and the caller's roles. */
export type HelpView = { commands: readonly CommandKey[]; roles: readonly Role[] };

export function helpCard(v: HelpView, locale: Locale): CardJson {
  const t = translator(locale);
  const allowed = new Set(v.commands);
  const groups = COMMAND_GROUPS.map((g) => ({
    key: g.key,
    commands: g.commands.filter((c) => allowed.has(c)),
  })).filter((g) => g.commands.length > 0);
  return card({
    header: header(t('help.title'), 'blue', {
      subtitle: t('help.subtitle', { roles: roleList(t, v.roles) }),
    }),
    elements: [
      ...groups.map((g) =>
        markdown(
          [
            `**${t(`help.group.${g.key}`)}**`,
            ...g.commands.map((c) => `\`${t(`cmd.${c}.usage`)}\`  ${t(`cmd.${c}.summary`)}`),
          ].join('\n'),
        ),
      ),
      ...(groups.length === 0 ? [markdown(t('help.nothing'))] : []),
      note(t('help.footer')),
    ],
  });
}
