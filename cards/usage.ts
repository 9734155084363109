import { translator } from './i18n/index.js';
import { card, fields, markdown, note, header, text } from './lib/builders.js';
import type { CommandKey } from './lib/commands.js';
import type { CardJson, Locale } from './lib/types.js';

/** A command that could not be understood: nothing changed; say what was wrong and the right way. */
export type UsageView = {
  /** What the user typed (shown as plain text, never interpreted). */
  input: string;
  /** The command recognised, if any: its usage line is shown. */
  command?: CommandKey;
  /** What was wrong, e.g. the parser's message; absent for an unknown command. */
  problem?: string;
  /** Closest commands ("did you mean"). */
  suggestions: readonly CommandKey[];
};

export function usageCard(v: UsageView, locale: Locale): CardJson {
  const t = translator(locale);
  const problem = v.problem ?? (v.command ? t('usage.badArgs') : t('usage.unknown'));
  const elements = [
    fields([[t('usage.youTyped'), v.input.length > 200 ? `${v.input.slice(0, 199)}…` : v.input]]),
    text(problem, { color: 'red' }),
  ];
  if (v.command)
    elements.push(
      markdown(
        `**${t('usage.correct')}**\n\`${t(`cmd.${v.command}.usage`)}\`  ${t(`cmd.${v.command}.summary`)}`,
      ),
    );
  const others = v.suggestions.filter((s) => s !== v.command).slice(0, 3);
  if (others.length)
    elements.push(
      markdown(
        [
          `**${t('usage.didYouMean')}**`,
          ...others.map((c) => `\`${t(`cmd.${c}.usage`)}\`  ${t(`cmd.${c}.summary`)}`),
        ].join('\n'),
      ),
    );
  elements.push(note(t('usage.nothingChanged')));
  return card({ header: header(t('usage.title'), 'orange'), elements });
}
