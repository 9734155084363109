import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note } from './lib/builders.js';
import { button } from './lib/interactive.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** A command that must run on one main account, typed without naming it, and the accounts to pick from. */
export type AccountPickerView = { input: string; accounts: readonly string[] };

const MAX_BUTTONS = 10;

/** One button per main account; a click runs the same command on that account. */
export function accountPickerCard(v: AccountPickerView, locale: Locale): CardJson {
  const t = translator(locale);
  const cmd = v.input.slice(0, 100);
  return card({
    header: header(t('account.pickTitle'), 'orange'),
    elements: [
      markdown(t('account.pickBody', { input: escapeMd(cmd) })),
      ...v.accounts
        .slice(0, MAX_BUTTONS)
        .map((account) => button(account, actionValue('account.pick', { cmd, account }))),
      note(t('account.pickHint', { input: cmd })),
    ],
  });
}
