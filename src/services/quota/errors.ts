import { QuotaExhaustedError } from '../../errors.js';
import { formatLimit, formatMoney, type Money } from '../../domain/money.js';

/** A deduction larger than the remaining quota; says the largest amount that could be deducted (L2). */
export class DeductionTooLargeError extends QuotaExhaustedError {
  constructor(
    readonly requested: Money,
    readonly maxDeductible: Money,
  ) {
    super(
      `扣减 ${formatMoney(requested)} 超过剩余额度，最多可扣减 ${formatLimit(maxDeductible)} / ` +
        `deducting ${formatMoney(requested)} would take the remaining quota below zero; at most ${formatLimit(maxDeductible)} can be deducted`,
    );
  }
}
