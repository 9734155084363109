import { QuotaExhaustedError } from '../../errors.js';
import { formatLimit, formatMoney, type Money } from '../../domain/money.js';

/** A deduction larger than the remaining quota; says the largest amount that could be deducted (L2). */
export class DeductionTooLargeError extends QuotaExhaustedError {
  constructor(
    readonly requested: Money,
    readonly maxDeductible: Money,
  ) {
    super({
      reason: 'deduction_too_large',
      params: { requested: formatMoney(requested), max: formatLimit(maxDeductible) },
    });
  }
}
