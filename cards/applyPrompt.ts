import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { form, input, submitButton } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue, FORM_FIELDS } from './lib/values.js';

/** The answer to "request more quota": a small form that becomes a quota request for the approvers. */
export type ApplyPromptView = { sub: SubRef; quota: QuotaFigures; suggestedAmount?: string };

export function applyPromptCard(v: ApplyPromptView, locale: Locale): CardJson {
  const t = translator(locale);
  const f = FORM_FIELDS.apply;
  return card({
    header: header(t('apply.title', { name: v.sub.name }), 'blue'),
    elements: [
      ...quotaBlock(t, v.quota),
      form('apply_form', [
        input(f.amount, {
          label: t('apply.amount'),
          placeholder: t('apply.amountHint'),
          maxLength: 20,
          required: true,
          ...(v.suggestedAmount ? { value: v.suggestedAmount } : {}),
        }),
        input(f.reason, {
          label: t('apply.reason'),
          placeholder: t('apply.reasonHint'),
          maxLength: 200,
          multiline: true,
          required: true,
        }),
        submitButton(t('apply.submit'), 'apply_submit', actionValue('quota.apply', { sub: v.sub.id })),
      ]),
      note(t('apply.note')),
    ],
  });
}
