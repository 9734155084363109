import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { botContext } from '../../src/feishu/botContext.js';
import { openApp, type App } from '../support/app.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';

const ANN = 'ou_ctx_ann_000000000000000000001';
const BOB = 'ou_ctx_bob_000000000000000000001';
const memberReads = (seen: string[]) => seen.filter((q) => /\bFROM\s+[`"]?members\b/i.test(q));

// Every event reads its sender. One person's events in a burst (an approver going down a list of request
// cards) share the read under way instead of queueing one each for the pool; a read that has finished is
// never reused, so a role changed since is seen by the next event.
describe.each(dbKinds())('the member behind an event on %s', (kind) => {
  let app: App;
  let annId = '';
  beforeAll(async () => {
    app = await openApp(kind);
    const { deps } = app;
    await inTransaction(deps.db, async (tx) => {
      const ann = await deps.repos.members.insert(
        tx,
        { openId: ANN, name: 'Ann', roles: ['approver'] },
        new Date(),
      );
      annId = ann.id;
      await deps.repos.members.insert(tx, { openId: BOB, name: 'Bob', roles: ['lead'] }, new Date());
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is read once for events of one person arriving together, once per person', async () => {
    const seen = recordStatements(app.deps.db);
    const contexts = await Promise.all([
      botContext(app.deps, { openId: ANN }, 'evt-1'),
      botContext(app.deps, { openId: ANN }, 'evt-2'),
      botContext(app.deps, { openId: BOB }, 'evt-3'),
      botContext(app.deps, { openId: ANN }, 'evt-4'),
    ]);
    expect(memberReads(seen)).toHaveLength(2);
    expect(contexts.map((c) => [c.requestId, c.actor.name, c.actor.roles])).toEqual([
      ['evt-1', 'Ann', ['approver']],
      ['evt-2', 'Ann', ['approver']],
      ['evt-3', 'Bob', ['lead']],
      ['evt-4', 'Ann', ['approver']],
    ]);
    // Each event has its own roles: one changing them changes no other's.
    contexts[0]!.actor.roles.push('admin');
    expect(contexts[1]!.actor.roles).toEqual(['approver']);
  });

  it('is read again once the read before has finished: a role taken away is seen at once', async () => {
    expect((await botContext(app.deps, { openId: ANN }, 'evt-5')).actor.roles).toEqual(['approver']);
    await inTransaction(app.deps.db, (tx) =>
      app.deps.repos.members.update(tx, annId, { roles: [] }, new Date()),
    );
    const seen = recordStatements(app.deps.db);
    const after = await botContext(app.deps, { openId: ANN }, 'evt-6');
    expect(memberReads(seen)).toHaveLength(1);
    expect(after.actor.roles).toEqual([]);
  });

  it('a failed read fails the events that shared it, and the next event reads again', async () => {
    const original = app.deps.repos.members.findByOpenId;
    let calls = 0;
    app.deps.repos.members.findByOpenId = async (m, openId) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return original.call(app.deps.repos.members, m, openId);
    };
    try {
      const both = await Promise.allSettled([
        botContext(app.deps, { openId: BOB }, 'evt-7'),
        botContext(app.deps, { openId: BOB }, 'evt-8'),
      ]);
      expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((await botContext(app.deps, { openId: BOB }, 'evt-9')).actor.roles).toEqual(['lead']);
      expect(calls).toBe(2);
    } finally {
      app.deps.repos.members.findByOpenId = original;
    }
  });
});
