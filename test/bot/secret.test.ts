import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { dbKinds } from '../support/databases.js';
import { cardText, settled, waitFor } from './support/chat.js';
import { people, startWorld, teamChat, type World } from './support/world.js';
import { answer, iamSeed, sayAndSee, volcUser } from './iamSupport.js';

/**
 * Sits between AirGate and the Volcengine simulator and keeps every SecretAccessKey that CreateAccessKey
 * hands out: the planted secrets, known even when AirGate deletes the key straight away.
 */
async function startKeyTap(): Promise<{
  url: string;
  target: string;
  secrets: string[];
  close(): Promise<void>;
}> {
  const tap = { url: '', target: '', secrets: [] as string[], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const to = new URL(req.url ?? '/', tap.target);
      const out = request(to, { method: req.method, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          const text = Buffer.concat(body).toString('utf8');
          for (const m of text.matchAll(/"SecretAccessKey"\s*:\s*"([^"]+)"/g)) tap.secrets.push(m[1]!);
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(text);
        });
      });
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  tap.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tap.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return tap;
}

/** The secret as text, base64, hex and without its '=' padding (so URL-encoded copies match too). */
function forms(secret: string): string[] {
  return [
    secret,
    secret.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
  ];
}
const holds = (haystack: string, secret: string) => forms(secret).some((f) => haystack.includes(f));

/** Every row of every table, as text. */
async function everyTable(w: World): Promise<Record<string, string>> {
  const db = w.deps.db;
  const names: string[] =
    db.options.type === 'better-sqlite3'
      ? (await db.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map(
          (r: { name: string }) => r.name,
        )
      : (await db.query('SHOW TABLES')).map((r: Record<string, string>) => Object.values(r)[0]!);
  const out: Record<string, string> = {};
  const q = (n: string) => (db.options.type === 'better-sqlite3' ? `"${n}"` : `\`${n}\``);
  for (const n of names) out[n] = JSON.stringify(await db.query(`SELECT * FROM ${q(n)}`));
  return out;
}

/** Every message the Feishu simulator stores (all chats, both senders), with every version of each card. */
function everyMessage(w: World) {
  return w.feishu.messages({ from: 'all' }).map((m) => ({ m, text: JSON.stringify(m) }));
}

describe.each(dbKinds())('the SecretAccessKey goes to its creator alone (%s)', (kind) => {
  let w: World;
  let tap: Awaited<ReturnType<typeof startKeyTap>>;
  beforeAll(async () => {
    tap = await startKeyTap();
    w = await startWorld(kind, { volcSeed: iamSeed, env: { VOLC_ENDPOINT: tap.url } });
    tap.target = w.volc.url;
  });
  afterAll(async () => {
    await w?.close();
    await tap?.close();
  });

  it('appears only in the direct message to its creator: not in any other message, log line or table', async () => {
    await answer(w, 'admin', '用户 创建 sec-dm proj-alpha');
    // Asked in a group, the key still goes by direct message: the group hears only where it went.
    const group = await sayAndSee(w, 'admin', 'user create sec-group', { chatId: teamChat });
    expect(group.map((g) => g.message.ephemeral)).toEqual([false]);
    expect(group[0]!.text).toMatch(/私信发给创建者本人|sent by direct message/);
    await answer(w, 'admin', '项目 添加 sec-group proj-beta');
    await answer(w, 'admin', '用户 禁用 sec-dm');
    await answer(w, 'admin', '用户 启用 sec-dm');
    expect(tap.secrets).toHaveLength(2);
    const adminDm = w.feishu
      .chats()
      .find((c) => c.type === 'p2p' && c.members.includes(people.admin.openId))!;

    const tables = await everyTable(w);
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(['feishu_outbox', 'audit_logs', 'sub_accounts', 'feishu_inbox_events']),
    );
    for (const secret of tap.secrets) {
      const carriers = everyMessage(w).filter((x) => holds(x.text, secret));
      expect(carriers).toHaveLength(1);
      const { m } = carriers[0]!;
      expect(m.ephemeral).toBe(false);
      expect(m.chatId).toBe(adminDm.chatId);
      expect(cardText(m.card)).toContain(secret);
      // It cannot be forwarded, and it sits alone in a code block (copied whole with one tap).
      expect(m.card!.config).toMatchObject({ enable_forward: false });
      const blocks = JSON.stringify(m.card).match(/```\\n([^`]+)\\n```/g) ?? [];
      expect(blocks).toEqual([`\`\`\`\\n${secret}\\n\`\`\``]);
      expect(w.logs.filter((l) => holds(l, secret))).toEqual([]);
      for (const [table, rows] of Object.entries(tables)) expect(holds(rows, secret), table).toBe(false);
    }
  });

  it('is deleted, not re-sent, when the private card cannot be delivered', async () => {
    const before = tap.secrets.length;
    w.feishu.setFaults({ rateLimitStorm: true });
    try {
      await w.feishu.say({ from: people.admin.openId, text: '用户 创建 sec-fail' });
      await waitFor('the key to be made and deleted', () =>
        tap.secrets.length > before && volcUser(w, 'sec-fail')?.accessKeys.length === 0 ? true : undefined,
      );
    } finally {
      w.feishu.setFaults({ rateLimitStorm: false });
    }
    const secret = tap.secrets[before]!;
    const explained = await waitFor('the explanation', () =>
      w.feishu.messages({ from: 'bot' }).find((m) => m.card && cardText(m.card).includes('sec-fail')),
    );
    expect(cardText(explained.card)).toContain('已删除该密钥');
    // Deactivated first: Volcengine refuses to delete an active key.
    expect(w.volc.callCount('UpdateAccessKey')).toBeGreaterThan(0);
    expect(everyMessage(w).filter((x) => holds(x.text, secret))).toEqual([]);
    expect(w.logs.filter((l) => holds(l, secret))).toEqual([]);
    for (const [table, rows] of Object.entries(await everyTable(w)))
      expect(holds(rows, secret), table).toBe(false);

    // Asked again, only a fresh key is made (the user exists already) and it does arrive. Wait for the outbox
    // first: after the rate-limit storm its paused relay may still hold a reply to the first command.
    await settled(w);
    const again = await answer(w, 'admin', '用户 创建 sec-fail');
    const fresh = tap.secrets[tap.secrets.length - 1]!;
    expect(fresh).not.toBe(secret);
    expect(again.text).toContain(fresh);
    expect(volcUser(w, 'sec-fail')!.accessKeys).toHaveLength(1);
  });

  it('rides out a short rate limit on the direct message: the key still arrives, once, and stays active', async () => {
    const before = tap.secrets.length;
    const refused = w.feishu.faults().counts.stormRefusals;
    w.feishu.setFaults({ rateLimitStorm: true });
    try {
      await w.feishu.say({ from: people.admin.openId, text: '用户 创建 sec-retry' });
      // the first private delivery is refused for frequency…
      await waitFor('a refused delivery', () =>
        tap.secrets.length > before && w.feishu.faults().counts.stormRefusals > refused ? true : undefined,
      );
    } finally {
      // …and the limit lifts before the retries run out
      w.feishu.setFaults({ rateLimitStorm: false });
    }
    const secret = tap.secrets[before]!;
    const dm = await waitFor('the key by direct message', () =>
      w.feishu.messages({ openId: people.admin.openId }).find((m) => holds(JSON.stringify(m), secret)),
    );
    expect(dm).toBeDefined();
    expect(everyMessage(w).filter((x) => holds(x.text, secret))).toHaveLength(1);
    const keys = volcUser(w, 'sec-retry')!.accessKeys;
    expect(keys.map((k) => k.status)).toEqual(['active']);
    await settled(w);
  });

  it('says truthfully when the undelivered key could only be deactivated, and "create" again is not stuck', async () => {
    const before = tap.secrets.length;
    w.feishu.setFaults({ rateLimitStorm: true });
    w.volc.setFaults({ errorRate: 1, actions: ['DeleteAccessKey'] });
    try {
      await w.feishu.say({ from: people.admin.openId, text: '用户 创建 sec-orphan' });
      await waitFor(
        'the key to be discarded',
        async () =>
          (await listAudit(w.deps, { action: 'subaccount.key_discarded' })).some(
            (a) => (a.after as { userName?: string } | null)?.userName === 'sec-orphan',
          ) || undefined,
      );
    } finally {
      w.feishu.setFaults({ rateLimitStorm: false });
      w.volc.setFaults({ errorRate: 0, actions: [] });
    }
    const explained = await waitFor('the explanation', () =>
      w.feishu.messages({ from: 'bot' }).find((m) => m.card && cardText(m.card).includes('sec-orphan')),
    );
    const text = cardText(explained.card);
    expect(text).toContain('已停用但未能删除');
    expect(text).not.toContain('已删除该密钥');
    const orphan = volcUser(w, 'sec-orphan')!.accessKeys;
    expect(orphan.map((k) => k.status)).toEqual(['inactive']);

    const again = await answer(w, 'admin', '用户 创建 sec-orphan');
    const fresh = tap.secrets[tap.secrets.length - 1]!;
    expect(tap.secrets.length).toBe(before + 2);
    expect(again.text).toContain(fresh);
    const keys = volcUser(w, 'sec-orphan')!.accessKeys;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.status).toBe('active');
  });
});
