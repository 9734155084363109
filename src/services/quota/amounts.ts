import { UsageError } from '../../errors.js';
import { MAX_AMOUNT, type Money } from '../../domain/money.js';

/**
 * Services trust amounts parsed at the edge, but a ledger write still refuses what no edge should pass:
 * zero, negative, more than 2 decimals or above the maximum.
 */
export function assertPositiveAmount(amount: Money, field = 'amount'): void {
  if (!amount.isFinite() || amount.lte(0) || amount.decimalPlaces() > 2 || amount.gt(MAX_AMOUNT)) {
    throw new UsageError(
      `金额须大于 0、最多两位小数且不超过 ${MAX_AMOUNT} / amount must be > 0 with at most 2 decimals, ≤ ${MAX_AMOUNT}`,
      {
        field,
      },
    );
  }
}

export function assertText(
  value: string,
  field: string,
  max: number,
  opts: { required?: boolean } = {},
): string {
  const text = value.trim();
  if (opts.required && text.length === 0)
    throw new UsageError(`${field} 不能为空 / ${field} is required`, { field });
  if (text.length > max)
    throw new UsageError(`${field} 最长 ${max} 个字符 / ${field} is longer than ${max} characters`, {
      field,
    });
  return text;
}
