import { UsageError } from '../../errors.js';
import { MAX_AMOUNT, MoneyDecimal, type Money } from '../../domain/money.js';
import { parseAmount } from '../../services/quota/parseAmount.js';
import { normalizeText } from './normalize.js';

/** Why an amount is refused; the words (with the help on how to write one) live in cards/i18n. */
type AmountWhy =
  | 'chat_amount_invalid'
  | 'chat_amount_not_positive'
  | 'chat_amount_too_many_decimals'
  | 'chat_amount_too_large';
/** The domain's refusals of an amount, as this card's reasons (the typed text and the help follow). */
const WHY: Record<string, AmountWhy> = {
  amount_not_positive: 'chat_amount_not_positive',
  amount_too_many_decimals: 'chat_amount_too_many_decimals',
  amount_too_large: 'chat_amount_too_large',
};
const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function amountError(why: AmountWhy, raw: string, field: string): UsageError {
  return new UsageError({ reason: why, params: { preview: preview(raw), max: MAX_AMOUNT } }, { field });
}

/**
 * An amount as people write it: 100, 100.5, ¥100, 100元, 1,000, 1万, 1.5万 (after normalizeText, so
 * full-width digits count). Anything else — -5, 1e309, NaN, 7 decimals, 40 digits, emoji — is a UsageError.
 */
export function parseChatAmount(raw: string, field = 'amount'): Money {
  let s = normalizeText(raw).trim();
  if (s.length === 0 || s.length > 48) throw amountError('chat_amount_invalid', raw, field);
  s = s.replace(/^(?:¥|rmb|cny)\s*/i, '').replace(/\s*(?:元|块|rmb|cny)$/i, '');
  let scale = 1;
  if (s.endsWith('万')) {
    scale = 10_000;
    s = s.slice(0, -1);
  }
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  else if (!PLAIN.test(s)) {
    const why = /^[-−]\s*\d/.test(s) ? 'chat_amount_not_positive' : 'chat_amount_invalid';
    throw amountError(why, raw, field);
  }
  const [whole = '', frac = ''] = s.split('.');
  if (whole.replace(/^0+/, '').length > MAX_AMOUNT.length || frac.length > 8) {
    throw amountError(
      frac.length > 8 ? 'chat_amount_too_many_decimals' : 'chat_amount_too_large',
      raw,
      field,
    );
  }
  const value = new MoneyDecimal(s).times(scale);
  if (value.decimalPlaces() > 2) throw amountError('chat_amount_too_many_decimals', raw, field);
  try {
    return parseAmount(value.toFixed(), field);
  } catch (err) {
    const reason = err instanceof UsageError ? err.refusal?.reason : undefined;
    throw amountError(WHY[reason ?? ''] ?? 'chat_amount_invalid', raw, field);
  }
}

function preview(s: string): string {
  const chars = [...s];
  return JSON.stringify(chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : s);
}
