import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note } from './lib/builders.js';
import { joinNames } from './lib/parts.js';
import type { CardElement, CardJson, HeaderColor, Locale } from './lib/types.js';

export type ActionDoneKind =
  | 'disabled'
  | 'enabled'
  | 'imported'
  | 'policyAttached'
  | 'policyDetached'
  | 'requestCancelled'
  | 'settingsSaved';

/** The generic result of a command that changed one thing: what was done, to what, and the details. */
export type ActionDoneView = {
  kind: ActionDoneKind;
  /** The sub-account (or other subject) acted on. */
  subject: string;
  /** Access keys turned off or back on (ids only, never secrets). */
  accessKeys?: readonly string[];
  /** Whether console login was turned off (disabled) or back on (enabled); false: it was left as it was. */
  login?: boolean;
  policy?: string;
  /** A project name when a policy was attached in a project's scope; absent for the global scope. */
  project?: string | null;
  /** True when nothing needed changing (already disabled, already attached…). */
  unchanged?: boolean;
  note?: string;
};

const COLOR: Record<ActionDoneKind, HeaderColor> = {
  disabled: 'red',
  enabled: 'green',
  imported: 'blue',
  policyAttached: 'blue',
  policyDetached: 'blue',
  requestCancelled: 'grey',
  settingsSaved: 'green',
};

export function actionDoneCard(v: ActionDoneView, locale: Locale): CardJson {
  const t = translator(locale);
  const elements: CardElement[] = [
    markdown(t(`done.${v.kind}.body`, { subject: escapeMd(v.subject), policy: escapeMd(v.policy ?? '') })),
  ];
  if (v.policy !== undefined)
    elements.push(
      markdown(t('done.scope', { scope: v.project ? escapeMd(v.project) : t('done.globalScope') })),
    );
  const off = v.kind === 'disabled';
  if (v.accessKeys)
    elements.push(markdown(t(off ? 'done.keysOff' : 'done.keysOn', { keys: joinNames(t, v.accessKeys) })));
  if (v.login !== undefined)
    elements.push(markdown(t(v.login ? (off ? 'done.loginOff' : 'done.loginOn') : 'done.loginSame')));
  if (v.unchanged) elements.push(note(t('done.unchanged')));
  if (v.note) elements.push(note(v.note));
  return card({ header: header(t(`done.${v.kind}.title`), v.unchanged ? 'grey' : COLOR[v.kind]), elements });
}
