import { UsageError } from '../../errors.js';
import { MAX_AMOUNT, type Money } from '../../domain/money.js';

/**
 * Services trust amounts parsed at the edge, but a ledger write still refuses what no edge should pass:
 * zero, negative, more than 2 decimals or above the maximum.
 */
export function assertPositiveAmount(amount: Money, field = 'amount'): void {
  if (!amount.isFinite() || amount.lte(0) || amount.decimalPlaces() > 2 || amount.gt(MAX_AMOUNT)) {
    throw new UsageError(
      { reason: 'amount_invalid', params: { max: MAX_AMOUNT } },
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
    throw new UsageError({ reason: 'text_required', params: { field } }, { field });
  if (text.length > max)
    throw new UsageError(
      { reason: 'text_too_long', params: { field, max } },
      {
        field,
      },
    );
  return text;
}
