import type { Deps } from '../../deps.js';
import type { LedgerSource } from '../../domain/ledger.js';
import type { Money } from '../../domain/money.js';
import type { Actor } from '../../policies/actor.js';
import { assertPositiveAmount, assertText } from './amounts.js';
import { enqueueLedgerWrite } from './ledgerWriteQueue.js';
import type { LedgerWriteResult } from './writeLedgerEntry.js';

export type AllocateQuotaInput = {
  actor: Actor;
  subAccountId: string;
  amount: Money;
  note: string;
  /** The caller's id for this write (Feishu message/event id, X-Request-Id, CLI run id): a retry is a no-op. */
  requestId: string;
  source?: LedgerSource;
};

/**
 * Adds quota to a sub-account: one ledger entry, written with the row locked; concurrent writes to the same
 * sub-account share a transaction (ledgerWriteQueue) and each gets what it would have got alone.
 */
export async function allocateQuota(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: AllocateQuotaInput,
): Promise<LedgerWriteResult> {
  assertPositiveAmount(input.amount);
  const note = assertText(input.note, 'note', 500);
  const requestId = assertText(input.requestId, 'requestId', 128, { required: true });
  return enqueueLedgerWrite(deps, { ...input, note, requestId });
}
