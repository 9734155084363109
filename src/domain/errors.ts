import type { AmountProblem } from './money.js';

/**
 * A rule of the domain was broken. The domain knows no transport and no wording: it names the rule and
 * its parameters, and the layer above turns that into its own error (a usage error, a conflict…).
 */
export abstract class DomainError extends Error {
  abstract readonly rule: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidAmountError extends DomainError {
  readonly rule = 'amount';
  constructor(
    readonly problem: AmountProblem,
    readonly field: string,
    /** The input, quoted and cut short. */
    readonly preview: string,
  ) {
    super(`invalid amount (${problem}) in ${field}: ${preview}`);
  }
}
