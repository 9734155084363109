import { MoneyDecimal, roundMoney, ZERO, type Money } from '../../src/domain/money.js';
import type { MoneyLike } from './types.js';

/**
 * The total of amounts as the card shows them (each rounded to the cent the way `formatMoney` rounds),
 * so a total printed beside its rows is the sum a reader adds up — never a cent off because the rows were
 * rounded from 6-decimal values (issue 16). REST keeps exact amounts and says so.
 */
export function shownTotal(values: Iterable<MoneyLike>): Money {
  let sum = ZERO;
  for (const v of values) sum = sum.plus(roundMoney(new MoneyDecimal(v.toString())));
  return sum;
}
