import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note } from './lib/builders.js';
import { formatMoney } from './lib/format.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';

export type ProjectRemovedView = {
  sub: SubRef;
  project: string;
  /** Policies detached from the project's scope. */
  detached: readonly string[];
  /** What this project had counted towards the quota until now (no longer counted). */
  spentUntilNow: MoneyLike;
};

export function projectRemovedCard(v: ProjectRemovedView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('projectRemoved.title'), 'blue'),
    elements: [
      markdown(t('projectRemoved.body', { project: escapeMd(v.project), name: escapeMd(v.sub.name) })),
      fields([
        [
          t('projectRemoved.detached'),
          v.detached.length ? v.detached.join(t('common.sep')) : t('common.none'),
        ],
        [t('projectRemoved.spent'), formatMoney(v.spentUntilNow)],
      ]),
      note(t('projectRemoved.hint')),
    ],
  });
}
