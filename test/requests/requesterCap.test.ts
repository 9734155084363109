import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { actorId, type Actor } from '../../src/policies/actor.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { PendingLimitError } from '../../src/services/requests/errors.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { givenSubAccount, openHarness, type Harness } from '../services/harness.js';
import { dbKinds } from '../support/databases.js';

const CAP = 10;
const requester: Actor = { kind: 'feishu', openId: 'ou_busy_lead', roles: ['lead'] };

describe.each(dbKinds())('the per-requester pending cap on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
    await updateSettings(h.deps, {
      actor: { kind: 'cli', osUser: 'test' },
      patch: { maxPendingRequestsPerRequester: CAP, maxPendingRequestsPerSubAccount: 3 },
    });
  });
  afterAll(async () => h?.close());

  it(`holds for ${CAP + 5} simultaneous requests from one requester across several sub-accounts`, async () => {
    // Five sub-accounts × three requests: no sub-account reaches its own cap of 3, only the requester's.
    const subs: SubAccountDto[] = [];
    for (let i = 0; i < 5; i++) subs.push(await givenSubAccount(h.deps, { userName: `cap-${i}` }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: CAP + 5 }, (_, i) =>
        createQuotaRequest(h.deps, {
          actor: requester,
          subAccountId: subs[i % subs.length]!.id,
          amount: parseAmount('10'),
          reason: `batch ${i}`,
        }),
      ),
    );
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(CAP);
    expect(refused).toHaveLength(5);
    for (const err of refused) {
      expect(err).toBeInstanceOf(PendingLimitError);
      expect((err as PendingLimitError).scope).toBe('requester');
    }
    const pending = await withReader(h.deps.db, (m) =>
      h.deps.repos.quotaRequests.countOpen(m, { requester: actorId(requester) }, h.deps.clock.now()),
    );
    expect(pending).toBe(CAP);
  });
});
