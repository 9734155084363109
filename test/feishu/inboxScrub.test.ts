import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ScrubFeishuInboxTokens1796000500000 } from '../../migrations/1796000500000-ScrubFeishuInboxTokens.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { openDatabase, testApp } from './support/harness.js';

const TOKEN = testApp.verificationToken;

describe.each(dbKinds())('the migration that scrubs stored Feishu tokens, on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = await openDatabase(db.config);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('is registered and leaves no verification token or card token in any payload, the rest untouched', async () => {
    const ran = (await ds.query('SELECT name FROM migrations')) as Array<{ name: string }>;
    expect(ran.map((r) => r.name)).toContain('ScrubFeishuInboxTokens1796000500000');

    // Rows as older versions stored them: the SDK's flattened event (token at the top), an envelope with
    // header.token, a click with its update token, one without any and one that is not JSON at all.
    const rows: Array<[string, string]> = [
      [
        'ev-msg',
        JSON.stringify({
          schema: '2.0',
          event_id: 'ev-msg',
          token: TOKEN,
          message: { content: '{"text":"ping"}' },
        }),
      ],
      [
        'ev-env',
        JSON.stringify({ schema: '2.0', header: { event_id: 'ev-env', token: TOKEN }, event: { x: 1 } }),
      ],
      [
        'ev-card',
        JSON.stringify({ event_id: 'ev-card', token: 'c-0123456789', action: { value: { a: 'x' } } }),
      ],
      ['ev-none', JSON.stringify({ event_id: 'ev-none', note: 'nothing to remove' })],
      ['ev-bad', 'not json'],
    ];
    for (const [id, payload] of rows) {
      await ds.query(
        "INSERT INTO feishu_inbox_events (event_id, event_type, source, status, payload, attempts, received_at) VALUES (?, 'im.message.receive_v1', 'http', 'done', ?, 1, '2026-12-01 00:00:00.000')",
        [id, payload],
      );
    }
    const qr = ds.createQueryRunner();
    try {
      await new ScrubFeishuInboxTokens1796000500000().up(qr);
    } finally {
      await qr.release();
    }
    const after = new Map(
      (
        (await ds.query('SELECT event_id, payload FROM feishu_inbox_events')) as Array<{
          event_id: string;
          payload: string;
        }>
      ).map((r) => [r.event_id, r.payload]),
    );
    const all = [...after.values()].join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('c-0123456789');
    expect(JSON.parse(after.get('ev-msg')!)).toEqual({
      schema: '2.0',
      event_id: 'ev-msg',
      message: { content: '{"text":"ping"}' },
    });
    expect(JSON.parse(after.get('ev-env')!)).toEqual({
      schema: '2.0',
      header: { event_id: 'ev-env' },
      event: { x: 1 },
    });
    expect(after.get('ev-none')).toBe(rows[3]![1]);
    expect(after.get('ev-bad')).toBe('not json');
  });
});
