import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note } from './lib/builders.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

/** After `thresholds NAME 50,80,90` (own override) or `thresholds NAME default` (back to the global ones). */
export type ThresholdsView = {
  sub: SubRef;
  thresholds: readonly number[];
  cleared: boolean;
  global: readonly number[];
};

const list = (xs: readonly number[]) => xs.map((n) => `${n}%`).join(' / ');

export function thresholdsCard(v: ThresholdsView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t(v.cleared ? 'thresholds.clearedTitle' : 'thresholds.setTitle'), 'blue'),
    elements: [
      markdown(
        t(v.cleared ? 'thresholds.clearedBody' : 'thresholds.setBody', { name: escapeMd(v.sub.name) }),
      ),
      fields([
        [t('thresholds.now'), list(v.thresholds)],
        [t('thresholds.global'), list(v.global)],
      ]),
      note(t('thresholds.hint')),
    ],
  });
}
