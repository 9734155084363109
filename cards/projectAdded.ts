import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, row } from './lib/builders.js';
import { button } from './lib/interactive.js';
import { actionValue } from './lib/values.js';
import { joinNames, type SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

export type ProjectAddedView = {
  sub: SubRef;
  project: string;
  /** Policies newly attached in the project's scope. */
  attached: readonly string[];
  /** Policies that were already attached in that scope (left as they were). */
  alreadyAttached: readonly string[];
  /** The Asia/Shanghai day from which this project's spending counts, "2025-06-10". */
  countsFrom: string;
  /** The sub-account has no quota: its first spending in this project would disable it. */
  quotaZero?: boolean;
};

export function projectAddedCard(v: ProjectAddedView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('projectAdded.title'), 'green'),
    elements: [
      markdown(t('projectAdded.body', { project: escapeMd(v.project), name: escapeMd(v.sub.name) })),
      fields([
        [t('projectAdded.attached'), v.attached.length ? v.attached.join(t('common.sep')) : t('common.none')],
        [t('projectAdded.countsFrom'), v.countsFrom],
      ]),
      ...(v.alreadyAttached.length
        ? [note(t('projectAdded.already', { list: joinNames(t, v.alreadyAttached) }))]
        : []),
      ...(v.quotaZero
        ? [
            markdown(`<font color='orange'>${t('quotaZero.warn', { name: escapeMd(v.sub.name) })}</font>`),
            row([
              button(t('action.apply'), actionValue('quota.applyPrompt', { sub: v.sub.id }), {
                style: 'primary',
              }),
            ]),
          ]
        : []),
      note(t('projectAdded.hint')),
    ],
  });
}
