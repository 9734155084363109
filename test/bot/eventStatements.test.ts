import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { say, settled } from './support/chat.js';
import { givenSubAccount, startWorld, type World } from './support/world.js';

const from = (seen: string[], table: string) =>
  seen.filter((q) => /^\s*SELECT\b/i.test(q) && new RegExp(`FROM\\s+[\`"]?${table}[\`"]?\\s`, 'i').test(q));

/**
 * Every event's work runs on the servers that answer Feishu: the fewer statements it sends, the sooner
 * the next event is acknowledged (bench/multiProcess.ts). An allocation typed in chat reads its author
 * once, and names them on the answer from that read.
 */
describe.each(dbKinds())('the statements of an allocation typed in chat (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await givenSubAccount(w, { userName: 'st-alice', owner: 'lead', projects: { p: '10' }, quota: '100' });
    await say(w, 'admin', '划拨 st-alice 1 warm-up');
    await settled(w);
  });
  afterAll(async () => w?.close());

  it('reads the author once and neither the member table nor the API keys as a whole', async () => {
    const seen = recordStatements(w.deps.db);
    const reply = await say(w, 'admin', '划拨 st-alice 1,000 月度追加');
    await settled(w);
    expect(reply.text).toContain('Ada Admin');
    expect(from(seen, 'api_keys')).toEqual([]);
    const members = from(seen, 'members');
    expect(members).toHaveLength(1);
    expect(members[0]).toMatch(/\bWHERE\b/i);
  });

  it('opens one transaction, the ledger write’s: the reply is one INSERT on its own (MySQL)', async () => {
    const seen = recordStatements(w.deps.db);
    const reply = await say(w, 'admin', '划拨 st-alice 2 再追加');
    await settled(w);
    expect(reply.text).toContain('¥2.00');
    const outboxWrites = seen.filter((q) => /^\s*INSERT INTO\s+[`"]?feishu_outbox\b/i.test(q));
    expect(outboxWrites).toHaveLength(1);
    if (kind === 'mysql') expect(seen.filter((q) => /^\s*START TRANSACTION\b/i.test(q))).toHaveLength(1);
  });
});

// A quota request typed in chat: the approvers' card and the requester's copy are rendered from one view,
// read in the transaction that files the request, and not read again to answer.
describe.each(dbKinds())('the statements of a quota request typed in chat (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await givenSubAccount(w, { userName: 'st-bob', owner: 'lead', projects: { p: '10' }, quota: '100' });
  });
  afterAll(async () => w?.close());

  it('builds the card’s view once', async () => {
    const seen = recordStatements(w.deps.db);
    const reply = await say(w, 'lead', '申请 st-bob 500 训练任务');
    await settled(w);
    expect(reply.text).toContain('st-bob');
    expect(reply.text).toContain('¥500.00');
    const views = from(seen, 'spending_snapshots');
    expect(views.length).toBeGreaterThan(0);
    expect(views.length).toBeLessThanOrEqual(2);
  });
});
