import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note, row } from './lib/builders.js';
import { button } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** After `project toggle` (one project) or `project toggle-all` (all of them): the new states and the quota now. */
export type ProjectToggledView = {
  sub: SubRef;
  changed: ReadonlyArray<{ name: string; monitored: boolean }>;
  all: boolean;
  quota: QuotaFigures;
};

export function projectToggledCard(v: ProjectToggledView, locale: Locale): CardJson {
  const t = translator(locale);
  const lines = v.changed.map(
    (p) => `- ${escapeMd(p.name)}: ${p.monitored ? t('project.monitored') : t('project.unmonitored')}`,
  );
  const elements: CardElement[] = [
    markdown(t(v.all ? 'projectToggled.bodyAll' : 'projectToggled.body', { name: escapeMd(v.sub.name) })),
    markdown(lines.length ? lines.join('\n') : t('common.none')),
    ...quotaBlock(t, v.quota),
  ];
  const only = v.changed.length === 1 ? v.changed[0] : undefined;
  if (only) {
    elements.push(
      row([
        button(
          t('projectToggled.undo'),
          actionValue('project.toggle', { sub: v.sub.id, project: only.name, on: !only.monitored }),
        ),
        button(t('action.open'), actionValue('user.open', { sub: v.sub.id })),
      ]),
    );
  }
  elements.push(note(t('projectToggled.hint')));
  return card({ header: header(t('projectToggled.title'), 'blue'), elements });
}
