import { translator } from './i18n/index.js';
import { card, fields, header, markdown, note, text } from './lib/builders.js';
import { joinNames } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

/**
 * The one card that carries a SecretAccessKey. It is only ever sent privately to the admin who created the
 * sub-account (an ephemeral card or a DM), never to a group, and never stored: the card says so.
 */
export type UserCreatedView = {
  name: string;
  account?: string;
  loginName?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The project the sub-account was created for, with the policies attached in its scope. */
  project?: { name: string; policies: readonly string[] } | null;
};

export function userCreatedCard(v: UserCreatedView, locale: Locale): CardJson {
  const t = translator(locale);
  const pairs: Array<[string, string]> = [[t('created.name'), v.name]];
  if (v.account) pairs.push([t('created.account'), v.account]);
  if (v.loginName) pairs.push([t('created.login'), v.loginName]);
  return card({
    header: header(t('created.title', { name: v.name }), 'green', {
      tags: [{ text: t('created.private'), color: 'orange' }],
    }),
    // The chat-list preview must never show the secret.
    summary: t('created.title', { name: v.name }),
    elements: [
      fields(pairs),
      markdown(`**AccessKeyId**`),
      text(v.accessKeyId),
      markdown(`**SecretAccessKey**`),
      text(v.secretAccessKey),
      markdown(`<font color='red'>${t('created.storeNow')}</font>`),
      ...(v.project
        ? [
            markdown(
              t('created.project', { project: v.project.name, policies: joinNames(t, v.project.policies) }),
            ),
          ]
        : [note(t('created.noProject'))]),
      note(t('created.privateNote')),
    ],
  });
}
