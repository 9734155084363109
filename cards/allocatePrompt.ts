import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { form, input, submitButton } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue, FORM_FIELDS } from './lib/values.js';

/** An admin's "Allocate quota" on the sub-account card: a small form that writes one allocation. */
export type AllocatePromptView = { sub: SubRef; quota: QuotaFigures };

export function allocatePromptCard(v: AllocatePromptView, locale: Locale): CardJson {
  const t = translator(locale);
  const f = FORM_FIELDS.allocate;
  return card({
    header: header(t('allocate.title', { name: v.sub.name }), 'blue'),
    elements: [
      ...quotaBlock(t, v.quota),
      form('allocate_form', [
        input(f.amount, {
          label: t('allocate.amount'),
          placeholder: t('allocate.amountHint'),
          maxLength: 20,
          required: true,
        }),
        input(f.note, {
          label: t('allocate.note'),
          placeholder: t('allocate.noteHint'),
          maxLength: 200,
          required: true,
        }),
        submitButton(
          t('allocate.submit'),
          'allocate_submit',
          actionValue('quota.allocate', { sub: v.sub.id }),
        ),
      ]),
      note(t('allocate.hint', { name: v.sub.name })),
    ],
  });
}
