import { MAX_AMOUNT, readAmount, type AmountProblem, type Money } from '../../domain/money.js';
import { UsageError, type Reasoned } from '../../errors.js';

const AMOUNT_USAGE =
  '金额须为大于 0 的数字，最多两位小数，例如 100 或 100.50 / a number > 0 with at most 2 decimals, e.g. 100 or 100.50';

/**
 * Parses an amount a person typed (chat, CLI, API) with the domain's rules; a refusal is a UsageError
 * naming the field, which every transport already shows as a usage answer.
 */
export function parseAmount(input: unknown, field = 'amount'): Money {
  const r = readAmount(input);
  if (r.ok) return r.value;
  throw new UsageError(amountRefusal(r.problem, r.preview), { field, usage: AMOUNT_USAGE });
}

function amountRefusal(problem: AmountProblem, preview: string): Reasoned {
  switch (problem) {
    case 'invalid':
      return { reason: 'amount_not_a_number', params: { preview } };
    case 'too_many_decimals':
      return { reason: 'amount_too_many_decimals', params: { preview } };
    case 'not_positive':
      return { reason: 'amount_not_positive', params: { preview } };
    case 'too_large':
      return { reason: 'amount_too_large', params: { max: MAX_AMOUNT } };
  }
}
