import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Like, type DataSource } from 'typeorm';
import { systemClock } from '../../src/clock.js';
import { createDataSource } from '../../src/db/dataSource.js';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { Notification } from '../../src/db/entities/notification.js';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { FeishuOutbox } from '../../src/feishu/outbox.js';
import { createFeishuNotifier } from '../../src/feishu/notifications/notifier.js';
import { renderers } from '../../src/feishu/notifications/renderers.js';
import type { ArkLadderNoticeView } from '../../src/services/enforcement/notices.js';
import type { Notifier, NotificationTarget } from '../../src/services/notifications/types.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';

const CHAT = 'oc_alerts000000000000000000000000001';
const OWNER = 'ou_owner000000000000000000000000001';

const view: ArkLadderNoticeView = {
  kind: 'stopped',
  sub: { id: 'sub-1', name: 'burner' },
  percent: '101.5',
  throttle: { rpm: 10, tpm: 1000 },
  changes: [{ lever: 'stop', project: 'team-a', target: 'ep-1' }],
  failures: [],
  report: null,
  at: '2026-12-05T10:00:00.000Z',
};

const cardText = (row: FeishuOutboxMessage) => JSON.stringify(row.payload);

describe.each(dbKinds())('notifications as events on %s', (kind) => {
  let tdb: TestDatabase;
  let db: DataSource;
  let outbox: FeishuOutbox;
  let notifier: Notifier;
  let wakes = 0;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = createDataSource(tdb.config);
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    outbox = new FeishuOutbox(systemClock);
    outbox.onNotify(() => wakes++);
    notifier = createFeishuNotifier({ outbox, clock: systemClock, renderers, defaultLocale: 'zh' });
  });
  afterAll(async () => {
    await db?.destroy();
    await tdb?.drop();
  });

  const toChatAndOwner: NotificationTarget[] = [
    { kind: 'send', receiveIdType: 'chat_id', receiveId: CHAT },
    { kind: 'send', receiveIdType: 'open_id', receiveId: OWNER, locale: 'en' },
  ];
  const emit = (dedupeKey: string, recipients = toChatAndOwner) =>
    inTransaction(db, (tx) =>
      notifier.emit(tx, {
        kind: 'ark.ladder',
        subject: { type: 'sub_account', id: 'sub-1' },
        view,
        recipients,
        dedupeKey,
      }),
    );

  it('stores the event and one card per recipient, each in its reader’s language, and wakes the relay after the commit', async () => {
    const before = wakes;
    const emitted = await emit('k-1');
    expect(emitted.duplicate).toBe(false);
    expect(wakes).toBeGreaterThan(before);
    const row = await db.getRepository(Notification).findOneByOrFail({ id: emitted.id });
    expect(row).toMatchObject({ kind: 'ark.ladder', subjectType: 'sub_account', subjectId: 'sub-1' });
    expect(row.view).toEqual(view);
    const cards = await db.getRepository(FeishuOutboxMessage).findBy({});
    const byId = new Map(cards.map((c) => [c.uuid, c]));
    const [toChat, toOwner] = emitted.outbox.map((u) => byId.get(u)!);
    expect(toChat!.payload).toMatchObject({ receiveId: CHAT });
    expect(toOwner!.payload).toMatchObject({ receiveId: OWNER });
    expect(cardText(toChat!)).toMatch(/[\u4e00-\u9fff]/);
    expect(cardText(toOwner!)).not.toMatch(/[\u4e00-\u9fff]{2}/);
    expect(cardText(toOwner!)).toContain('burner');
  });

  it('writes a new event once, with its cards’ uuids: its key looked up, the event, one card per recipient', async () => {
    const seen = recordStatements(
      db,
      (sql) => !/^(START TRANSACTION|BEGIN|COMMIT|SAVEPOINT|RELEASE)/i.test(sql),
    );
    const emitted = await emit('k-4');
    const onEvents = seen.filter((q) => /[`"\s]notifications[`"\s(]/i.test(q));
    // Before: a third, the event updated with its cards' uuids once they were queued.
    expect(onEvents).toHaveLength(2);
    expect(onEvents[0]).toMatch(/^SELECT/i);
    expect(onEvents[1]).toMatch(/^INSERT/i);
    expect(seen.filter((q) => /INSERT INTO feishu_outbox/i.test(q))).toHaveLength(2);
    const row = await db.getRepository(Notification).findOneByOrFail({ id: emitted.id });
    const cards = await db
      .getRepository(FeishuOutboxMessage)
      .findBy({ dedupeKey: Like(`n:${emitted.id}:%`) });
    expect(row.outbox).toEqual(emitted.outbox);
    expect(new Set(cards.map((c) => c.uuid))).toEqual(new Set(emitted.outbox));
    expect(cards).toHaveLength(2);
  });

  it('stores the cards actually queued when two recipients share an address (one card for both)', async () => {
    const emitted = await emit('k-5', [
      { kind: 'send', receiveIdType: 'chat_id', receiveId: CHAT },
      { kind: 'send', receiveIdType: 'chat_id', receiveId: CHAT },
    ]);
    const cards = await db
      .getRepository(FeishuOutboxMessage)
      .findBy({ dedupeKey: Like(`n:${emitted.id}:%`) });
    expect(cards).toHaveLength(1);
    expect(emitted.outbox).toEqual([cards[0]!.uuid, cards[0]!.uuid]);
    const row = await db.getRepository(Notification).findOneByOrFail({ id: emitted.id });
    expect(row.outbox).toEqual(emitted.outbox);
  });

  it('tells once: a second event with the same key writes nothing', async () => {
    const first = await emit('k-2');
    const count = await db.getRepository(FeishuOutboxMessage).count();
    const again = await emit('k-2');
    expect(again).toEqual({ id: first.id, duplicate: true, outbox: first.outbox });
    expect(await db.getRepository(FeishuOutboxMessage).count()).toBe(count);
  });

  it('leaves neither event nor card when the change rolls back, and does not wake the relay', async () => {
    const notices = await db.getRepository(Notification).count();
    const cards = await db.getRepository(FeishuOutboxMessage).count();
    const before = wakes;
    await expect(
      inTransaction(db, async (tx) => {
        await notifier.emit(tx, {
          kind: 'ark.ladder',
          subject: { type: 'sub_account', id: 'sub-1' },
          view,
          recipients: [{ kind: 'send', receiveIdType: 'chat_id', receiveId: CHAT }],
          dedupeKey: 'k-3',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await new Promise((r) => setTimeout(r, 10));
    expect(wakes).toBe(before);
    expect(await db.getRepository(Notification).count()).toBe(notices);
    expect(await db.getRepository(FeishuOutboxMessage).count()).toBe(cards);
  });
});
