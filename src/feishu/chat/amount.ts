import { UsageError } from '../../errors.js';
import { MAX_AMOUNT, MoneyDecimal, type Money } from '../../domain/money.js';
import { parseAmount } from '../../services/quota/parseAmount.js';
import { normalizeText } from './normalize.js';

const HELP_ZH = '金额须为大于 0 的数字，最多两位小数，可写 100、100.5、¥100、1,000 或 1万';
const HELP_EN = 'an amount is a number > 0 with at most 2 decimals: 100, 100.5, ¥100, 1,000 or 1万';
/** The domain's refusals of an amount, in the words of this card (the typed text and the help follow). */
const WHY: Record<string, string> = {
  amount_not_positive: '金额必须大于 0 / the amount must be greater than 0',
  amount_too_many_decimals: '金额最多两位小数 / at most 2 decimals',
  amount_too_large: `金额不能超过 ${MAX_AMOUNT} / the amount must not exceed ${MAX_AMOUNT}`,
};
const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function amountError(why: string, raw: string, field: string): UsageError {
  const [zh, en = zh] = why.split(' / ');
  const p = preview(raw);
  return new UsageError(`${zh}：${p}。${HELP_ZH} / ${en}: ${p}. ${HELP_EN}`, {
    field,
    usage: `${HELP_ZH} / ${HELP_EN}`,
  });
}

/**
 * An amount as people write it: 100, 100.5, ¥100, 100元, 1,000, 1万, 1.5万 (after normalizeText, so
 * full-width digits count). Anything else — -5, 1e309, NaN, 7 decimals, 40 digits, emoji — is a UsageError.
 */
export function parseChatAmount(raw: string, field = 'amount'): Money {
  let s = normalizeText(raw).trim();
  if (s.length === 0 || s.length > 48) throw amountError('无效金额 / invalid amount', raw, field);
  s = s.replace(/^(?:¥|rmb|cny)\s*/i, '').replace(/\s*(?:元|块|rmb|cny)$/i, '');
  let scale = 1;
  if (s.endsWith('万')) {
    scale = 10_000;
    s = s.slice(0, -1);
  }
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  else if (!PLAIN.test(s)) {
    const why = /^[-−]\s*\d/.test(s)
      ? '金额必须大于 0 / the amount must be greater than 0'
      : '无效金额 / invalid amount';
    throw amountError(why, raw, field);
  }
  const [whole = '', frac = ''] = s.split('.');
  if (whole.replace(/^0+/, '').length > MAX_AMOUNT.length || frac.length > 8) {
    throw amountError(
      frac.length > 8
        ? '金额最多两位小数 / at most 2 decimals'
        : `金额不能超过 ${MAX_AMOUNT} / the amount must not exceed ${MAX_AMOUNT}`,
      raw,
      field,
    );
  }
  const value = new MoneyDecimal(s).times(scale);
  if (value.decimalPlaces() > 2) throw amountError('金额最多两位小数 / at most 2 decimals', raw, field);
  try {
    return parseAmount(value.toFixed(), field);
  } catch (err) {
    const reason = err instanceof UsageError ? err.refusal?.reason : undefined;
    throw amountError(WHY[reason ?? ''] ?? '无效金额 / invalid amount', raw, field);
  }
}

function preview(s: string): string {
  const chars = [...s];
  return JSON.stringify(chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : s);
}
