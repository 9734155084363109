import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../../src/db/repos/transaction.js';
import type { Actor } from '../../../src/policies/actor.js';
import { createApiKey } from '../../../src/services/apiKeys/createApiKey.js';
import { addMember } from '../../../src/services/members/addMember.js';
import { operatorNamerFor } from '../../../src/services/members/operatorNames.js';
import { dbKinds } from '../../support/databases.js';
import { recordStatements } from '../../support/statements.js';
import { openHarness, type Harness } from '../harness.js';

const cli: Actor = { kind: 'cli', osUser: 'ops' };

// A request card names its requester, its approvers and its decider: one read for the people and one
// for the API keys, however many of them there are.
describe.each(dbKinds())('naming a few operators on %s', (kind) => {
  let h: Harness;
  let keyId: string;
  beforeAll(async () => {
    h = await openHarness(kind);
    await addMember(h.deps, { actor: cli, openId: 'ou_ann', name: 'Ann', roles: ['approver'] });
    await addMember(h.deps, { actor: cli, openId: 'ou_bob', name: 'Bob', roles: ['lead'] });
    keyId = (await createApiKey(h.deps, { actor: cli, name: 'billing-sync', scopes: ['read'] })).id;
  });
  afterAll(async () => h?.close());

  it('reads the members in one statement and the keys in one, and names each as before', async () => {
    const ops = ['feishu:ou_ann', 'feishu:ou_bob', 'feishu:ou_gone', `apikey:${keyId}`, 'cli:ops', null];
    const seen = recordStatements(h.deps.db);
    const name = await withReader(h.deps.db, (m) => operatorNamerFor(h.deps, m, ops));
    expect(ops.map(name)).toEqual(['Ann', 'Bob', 'ou_gone', 'API key billing-sync', 'CLI ops', '-']);
    expect(seen).toHaveLength(2);
    seen.length = 0;
    const people = await withReader(h.deps.db, (m) =>
      operatorNamerFor(h.deps, m, ['feishu:ou_ann', 'system']),
    );
    expect(people('feishu:ou_ann')).toBe('Ann');
    expect(people('system')).toBe('system');
    expect(seen).toHaveLength(1);
  });
});
