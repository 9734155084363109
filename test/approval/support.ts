import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { setupApprovalCenter } from '../../src/feishu/approval/setup.js';
import { systemActor, type Actor } from '../../src/policies/actor.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { waitFor } from '../bot/support/chat.js';
import { people, type World } from '../bot/support/world.js';

/** Helpers of the approval centre tests: a bot world (test/bot/support) with the centre set up. */
const lead: Actor = { kind: 'feishu', openId: people.lead.openId, roles: ['lead'] };
const APPROVAL_SCOPES = ['approval:approval'];

/** The lead files a request (as from chat: the card goes to the team chat). */
export async function fileRequest(w: World, sub: SubAccountDto, amount: string, actor: Actor = lead) {
  const r = await createQuotaRequest(w.deps, {
    actor,
    subAccountId: sub.id,
    amount: parseAmount(amount),
    reason: 'GPU 训练',
  });
  return r.request;
}

export const ledger = (w: World, sub: SubAccountDto) =>
  withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));

/** The centre's item once it shows `status` (the sync loop runs about every second). */
export const instanceIn = (w: World, id: string, status: string) =>
  waitFor(`the approval centre item ${id} ${status}`, () => {
    const i = w.feishu.approval.instance(id);
    return i?.status === status ? i : undefined;
  });

/** Grants the approval scope and runs `airgate setup approval` against the world's AirGate. */
export async function setUp(w: World) {
  w.feishu.setScopes([...w.feishu.scopes(), ...APPROVAL_SCOPES]);
  return setupApprovalCenter(w.deps, { actor: systemActor, publicUrl: w.airgate.url });
}
