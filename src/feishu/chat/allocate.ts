import { allocationDoneCard, type AllocationDoneView } from '../../../cards/allocationDone.js';
import type { Deps } from '../../deps.js';
import type { Money } from '../../domain/money.js';
import type { FeishuActor } from '../../policies/index.js';
import { allocateQuota } from '../../services/quota/allocateQuota.js';
import { deductQuota } from '../../services/quota/deductQuota.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import type { LedgerWriteResult } from '../../services/quota/writeLedgerEntry.js';
import { defineChatCommand } from './define.js';
import { amount, positional, text, word } from './parse.js';
import { figures, labels, operatorName, subRef } from './views.js';

type Args = { name: string; amount: Money; note: string };

const args = positional(
  { name: word(labels.name), amount: amount(), note: text(labels.note) },
  { rest: 'note' },
);

async function write(
  deps: Deps,
  actor: FeishuActor,
  kind: 'allocate' | 'deduct',
  a: Args,
  requestId: string,
): Promise<AllocationDoneView> {
  const sub = await resolveSubAccount(deps, a.name);
  const input = {
    actor,
    subAccountId: sub.id,
    amount: a.amount,
    note: a.note,
    requestId,
    source: 'chat' as const,
  };
  const r: LedgerWriteResult =
    kind === 'allocate' ? await allocateQuota(deps, input) : await deductQuota(deps, input);
  return {
    kind,
    sub: subRef(r.subAccount),
    amount: a.amount,
    note: r.entry.note,
    operator: await operatorName(deps, actor, r.entry.operator),
    seq: r.entry.seq,
    quota: figures(r.quota),
    reEnabled: r.reenableRequested,
    replayed: r.replayed,
  };
}

/** allocate NAME AMOUNT NOTE / 划拨 / 分配: adds quota at once (admins only: an approver decides requests); one ledger entry per message. */
export const allocateCommand = defineChatCommand({
  key: 'allocate',
  names: ['allocate', '划拨', '分配'],
  args,
  policy: 'quota.allocate',
  run: (deps, actor, a, meta) => write(deps, actor, 'allocate', a, meta.requestId),
  render: (view, locale) => allocationDoneCard(view, locale),
});

/** deduct NAME AMOUNT NOTE / 扣减: takes quota away, never below what was already spent. */
export const deductCommand = defineChatCommand({
  key: 'deduct',
  names: ['deduct', '扣减'],
  args,
  policy: 'quota.deduct',
  run: (deps, actor, a, meta) => write(deps, actor, 'deduct', a, meta.requestId),
  render: (view, locale) => allocationDoneCard(view, locale),
});
