import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note, row } from './lib/builders.js';
import { formatMoney, formatShanghai } from './lib/format.js';
import { button } from './lib/interactive.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** The toast of a resume click that got the question instead (nothing changed yet). */
export const RESUME_ASK_TOAST = 'resume.askToast' as const;

/** A paused period to decide on: when, which whole days "don't count" leaves out, what was spent on them. */
export type PausedPeriodView = {
  name: string;
  pausedAt: Date;
  resumeAt: Date;
  /** 'YYYY-MM-DD' Shanghai days, inclusive */
  skipFrom: string;
  skipTo: string;
  /** null: not known yet */
  spending: MoneyLike | null;
  /** the bill may still add to it */
  provisional?: boolean;
};

/** Asked before resuming one project (`all` false) or every paused project (toggle-all, one question). */
export type ResumeAskView = { sub: SubRef; all: boolean; periods: readonly PausedPeriodView[] };

export function resumeAskCard(v: ResumeAskView, locale: Locale): CardJson {
  const t = translator(locale);
  const first = v.periods[0];
  const one = !v.all && first !== undefined;
  const lines = v.periods.map((p) =>
    t('resume.line', {
      project: escapeMd(p.name),
      pausedAt: formatShanghai(p.pausedAt),
      resumeAt: formatShanghai(p.resumeAt),
      from: p.skipFrom,
      to: p.skipTo,
      spending:
        p.spending === null
          ? t('resume.spendingUnknown')
          : p.provisional
            ? t('resume.soFar', { spending: formatMoney(p.spending) })
            : formatMoney(p.spending),
    }),
  );
  const project = one ? first.name : undefined;
  const pick = (count: boolean) =>
    actionValue('project.resume', { sub: v.sub.id, ...(project ? { project } : {}), count });
  return card({
    header: header(t('resume.title'), 'orange'),
    elements: [
      markdown(
        one
          ? t('resume.body', { name: escapeMd(v.sub.name), project: escapeMd(first.name) })
          : t('resume.bodyAll', { name: escapeMd(v.sub.name), count: v.periods.length }),
      ),
      markdown(lines.join('\n')),
      note(t('resume.rule')),
      row([
        button(t(one ? 'resume.count' : 'resume.countAll'), pick(true)),
        button(t(one ? 'resume.skip' : 'resume.skipAll'), pick(false), { style: 'primary' }),
      ]),
      note(
        one
          ? t('resume.hint', { name: v.sub.name, project: first.name })
          : t('resume.hintAll', { name: v.sub.name }),
      ),
    ],
  });
}
