import { translator } from './i18n/index.js';
import { card, header, markdown, note } from './lib/builders.js';
import type { CommandKey } from './lib/commands.js';
import { roleList } from './lib/parts.js';
import type { CardJson, Locale, Role } from './lib/types.js';

export type ForbiddenView = {
  command?: CommandKey;
  /** Any of these roles would do. */
  needed: readonly Role[];
  yourRoles: readonly Role[];
  /** Set when ownership is what is missing (a lead acting on someone else's sub-account). */
  ownerOnly?: boolean;
};

export function forbiddenCard(v: ForbiddenView, locale: Locale): CardJson {
  const t = translator(locale);
  const what = v.command ? `\`${t(`cmd.${v.command}.usage`)}\`` : t('forbidden.thisAction');
  return card({
    header: header(t('forbidden.title'), 'red'),
    elements: [
      markdown(t('forbidden.needs', { what, roles: roleList(t, v.needed) })),
      ...(v.ownerOnly ? [markdown(t('forbidden.ownerOnly'))] : []),
      markdown(t('forbidden.yours', { roles: roleList(t, v.yourRoles) })),
      note(t('forbidden.ask')),
    ],
  });
}
