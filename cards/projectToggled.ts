import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note, row } from './lib/builders.js';
import { button } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';
import { resumeAskCard, type PausedPeriodView } from './resumeAsk.js';

/**
 * After `project toggle` (one project) or `project toggle-all` (all of them): the new states and the quota
 * now. With `ask`, nothing changed yet: the resume waits for the paused-period question (resumeAsk.ts).
 */
export type ProjectToggledView = {
  sub: SubRef;
  changed: ReadonlyArray<{ name: string; monitored: boolean }>;
  all: boolean;
  quota: QuotaFigures;
  ask?: readonly PausedPeriodView[];
  /** the decision taken on paused periods while resuming */
  decided?: { count: boolean; periods: readonly PausedPeriodView[] };
};

export function projectToggledCard(v: ProjectToggledView, locale: Locale): CardJson {
  if (v.ask && v.ask.length > 0) return resumeAskCard({ sub: v.sub, all: v.all, periods: v.ask }, locale);
  const t = translator(locale);
  const lines = v.changed.map(
    (p) => `- ${escapeMd(p.name)}: ${p.monitored ? t('project.monitored') : t('project.unmonitored')}`,
  );
  const elements: CardElement[] = [
    markdown(t(v.all ? 'projectToggled.bodyAll' : 'projectToggled.body', { name: escapeMd(v.sub.name) })),
    markdown(lines.length ? lines.join('\n') : t('common.none')),
  ];
  if (v.decided && v.decided.periods.length > 0) {
    const decided = v.decided;
    elements.push(
      note(
        decided.periods
          .map((p) =>
            decided.count
              ? t('resume.counted', { project: p.name })
              : t('resume.skipped', { project: p.name, from: p.skipFrom, to: p.skipTo }),
          )
          .join('\n'),
      ),
    );
  }
  elements.push(...quotaBlock(t, v.quota));
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
