import { MAX_AMOUNT, readAmount, type AmountProblem, type Money } from '../../domain/money.js';
import { UsageError } from '../../errors.js';

const AMOUNT_USAGE =
  '金额须为大于 0 的数字，最多两位小数，例如 100 或 100.50 / a number > 0 with at most 2 decimals, e.g. 100 or 100.50';

/**
 * Parses an amount a person typed (chat, CLI, API) with the domain's rules; a refusal is a UsageError
 * naming the field, which every transport already shows as a usage answer.
 */
export function parseAmount(input: unknown, field = 'amount'): Money {
  const r = readAmount(input);
  if (r.ok) return r.value;
  throw new UsageError(amountMessage(r.problem, r.preview), { field, usage: AMOUNT_USAGE });
}

function amountMessage(problem: AmountProblem, preview: string): string {
  switch (problem) {
    case 'invalid':
      return `无效金额 / invalid amount: ${preview}`;
    case 'too_many_decimals':
      return `金额最多两位小数 / at most 2 decimals: ${preview}`;
    case 'not_positive':
      return `金额必须大于 0 / amount must be greater than 0: ${preview}`;
    case 'too_large':
      return `金额不能超过 ${MAX_AMOUNT} / amount must not exceed ${MAX_AMOUNT}`;
  }
}
