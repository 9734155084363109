import type { Deps } from '../../deps.js';
import type { LedgerSource } from '../../domain/ledger.js';
import type { Money } from '../../domain/money.js';
import type { Actor } from '../../policies/actor.js';
import { assertPositiveAmount, assertText } from './amounts.js';
import { enqueueLedgerWrite } from './ledgerWriteQueue.js';
import type { LedgerWriteResult } from './writeLedgerEntry.js';

export type DeductQuotaInput = {
  actor: Actor;
  subAccountId: string;
  /** The amount to take away, positive. */
  amount: Money;
  note: string;
  requestId: string;
  source?: LedgerSource;
  /** A correction of an earlier entry names it (L4). */
  reversesEntryId?: string;
};

/**
 * Takes quota away. Refused with DeductionTooLargeError (naming the largest deductible amount) when it
 * would take remaining = quota − spent below zero; nothing is written then.
 */
export async function deductQuota(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: DeductQuotaInput,
): Promise<LedgerWriteResult> {
  assertPositiveAmount(input.amount);
  const note = assertText(input.note, 'note', 500);
  const requestId = assertText(input.requestId, 'requestId', 128, { required: true });
  const reversesEntryId =
    input.reversesEntryId === undefined
      ? undefined
      : assertText(input.reversesEntryId, 'reversesEntryId', 36);
  return enqueueLedgerWrite(deps, { ...input, amount: input.amount.neg(), note, requestId, reversesEntryId });
}
