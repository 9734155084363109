import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { botMessages, clickApprove, say, settled, waitFor } from './support/chat.js';
import { givenSubAccount, startWorld, teamChat, type World } from './support/world.js';

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

// An Approve click on two servers at once (bench/multiProcess.ts): its first reads — the clicker's roles and
// the request — are read once each before the answer (the decision job reads them again, later).
describe.each(dbKinds())('the statements of an Approve click (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await givenSubAccount(w, { userName: 'st-carol', owner: 'lead', projects: { p: '10' }, quota: '100' });
  });
  afterAll(async () => w?.close());

  it('reads the clicker and the request once each before it stores its decision', async () => {
    const before = botMessages(w, { chatId: teamChat }).length;
    await say(w, 'lead', '申请 st-carol 50 训练任务');
    const posted = await waitFor('the card in the approvers’ chat', () => {
      const cards = botMessages(w, { chatId: teamChat });
      return cards.length > before ? cards.at(-1) : undefined;
    });
    await settled(w);
    const seen = recordStatements(w.deps.db);
    const res = await clickApprove(w, 'approver', posted, '50');
    expect(res.toast?.content).toContain('正在批准 ¥50.00');
    const inboxInserts = seen.flatMap((q, i) =>
      /^\s*INSERT INTO\s+[`"]?feishu_inbox_events\b/i.test(q) ? [i] : [],
    );
    // The click's row, then its decision's (the job the answer promises).
    expect(inboxInserts).toHaveLength(2);
    const upToJob = seen.slice(0, inboxInserts[1]);
    expect(from(upToJob, 'members')).toHaveLength(1);
    expect(from(upToJob, 'quota_requests')).toHaveLength(1);
    // The reads go out while the click is being stored, but after its INSERT: in a burst of clicks the
    // write that acknowledges them does not queue behind all their reads for a connection.
    const firstRead = seen.findIndex((q) => from([q], 'members').length > 0);
    expect(inboxInserts[0]).toBeLessThan(firstRead);
    await settled(w);
  });
});
