import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { LedgerSource } from '../../domain/ledger.js';
import type { Money } from '../../domain/money.js';
import type { Actor } from '../../policies/actor.js';
import { assertPositiveAmount, assertText } from './amounts.js';
import { writeLedgerEntry, type LedgerWriteResult } from './writeLedgerEntry.js';

export type AllocateQuotaInput = {
  actor: Actor;
  subAccountId: string;
  amount: Money;
  note: string;
  /** The caller's id for this write (Feishu message/event id, X-Request-Id, CLI run id): a retry is a no-op. */
  requestId: string;
  source?: LedgerSource;
};

/** Adds quota to a sub-account: one ledger entry, in one transaction with the row locked. */
export async function allocateQuota(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: AllocateQuotaInput,
): Promise<LedgerWriteResult> {
  assertPositiveAmount(input.amount);
  const note = assertText(input.note, 'note', 500);
  const requestId = assertText(input.requestId, 'requestId', 128, { required: true });
  return inTransaction(deps.db, (tx) => writeLedgerEntry(deps, tx, { ...input, note, requestId }));
}
