import type { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 500;

/**
 * Removes the credentials older versions stored with each Feishu event: the verification token
 * (`token`, or `header.token`, of the decrypted envelope) and a click's delayed-update token. They
 * sat in `feishu_inbox_events.payload`, hence in every backup. Done row by row in JS (the payload is
 * TEXT holding JSON) so that it runs the same on MySQL/MariaDB and SQLite; nothing to undo.
 */
export class ScrubFeishuInboxTokens1796000500000 implements MigrationInterface {
  name = 'ScrubFeishuInboxTokens1796000500000';

  async up(qr: QueryRunner): Promise<void> {
    let after = '';
    for (;;) {
      const rows = (await qr.query(
        'SELECT event_id, payload FROM feishu_inbox_events WHERE event_id > ? ORDER BY event_id LIMIT ?',
        [after, BATCH],
      )) as Array<{ event_id: string; payload: string }>;
      for (const row of rows) {
        const scrubbed = scrub(row.payload);
        if (scrubbed !== undefined)
          await qr.query('UPDATE feishu_inbox_events SET payload = ? WHERE event_id = ?', [
            scrubbed,
            row.event_id,
          ]);
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.event_id;
    }
  }

  async down(): Promise<void> {
    // The tokens are gone for good.
  }
}

/** The payload without its tokens, or undefined when there was none to remove. */
function scrub(text: string): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(payload)) return undefined;
  let changed = false;
  for (const holder of [payload, payload.header]) {
    if (isObject(holder) && 'token' in holder) {
      delete holder.token;
      changed = true;
    }
  }
  return changed ? JSON.stringify(payload) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
