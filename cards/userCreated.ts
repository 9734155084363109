import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, text } from './lib/builders.js';
import { joinNames } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

/**
 * The one card that carries a SecretAccessKey. It is only ever sent by direct message to the admin who
 * created the sub-account (never as an ephemeral card in a group: those reach only the clients online at
 * that moment and fail in topic groups), never stored, and it cannot be forwarded (`enable_forward:
 * false`). The secret sits alone in a code block, which Feishu renders with a copy button: one tap copies
 * it whole.
 */
export type UserCreatedView = {
  name: string;
  account?: string;
  loginName?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The project the sub-account was created for, with the policies attached in its scope. */
  project?: { name: string; policies: readonly string[] } | null;
  /** A new sub-account has no quota: its first spending would disable it (the card says so). */
  quotaZero?: boolean;
};

export function userCreatedCard(v: UserCreatedView, locale: Locale): CardJson {
  const t = translator(locale);
  const pairs: Array<[string, string]> = [[t('created.name'), v.name]];
  if (v.account) pairs.push([t('created.account'), v.account]);
  if (v.loginName) pairs.push([t('created.login'), v.loginName]);
  const c = card({
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
      markdown(`\`\`\`\n${v.secretAccessKey}\n\`\`\``),
      note(t('created.copy')),
      markdown(`<font color='red'>${t('created.storeNow')}</font>`),
      ...(v.project
        ? [
            markdown(
              t('created.project', { project: v.project.name, policies: joinNames(t, v.project.policies) }),
            ),
          ]
        : [note(t('created.noProject'))]),
      ...(v.quotaZero
        ? [markdown(`<font color='orange'>${t('quotaZero.warn', { name: escapeMd(v.name) })}</font>`)]
        : []),
      note(t('created.privateNote')),
    ],
  });
  return { ...c, config: { ...c.config, enable_forward: false } };
}

/** What the group sees when a sub-account is created from there: where the key went, nothing of it. */
export function userCreatedNoticeCard(v: { name: string }, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('created.title', { name: v.name }), 'green'),
    elements: [markdown(t('created.sentByDm', { name: v.name }))],
  });
}
