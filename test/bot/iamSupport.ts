import type { SimMessage } from '../../src/sim/feishu/server.js';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { cardText, waitFor } from './support/chat.js';
import { people, type Person, type World } from './support/world.js';

/** A Volcengine account with users AirGate does not manage yet, and projects to add. */
export const iamSeed: VolcSeed = {
  projects: [
    { projectName: 'proj-alpha', displayName: 'Alpha' },
    { projectName: 'proj-beta', displayName: 'Beta' },
    { projectName: 'proj-gamma', displayName: 'Gamma' },
  ],
  users: [
    { userName: 'legacy-one', displayName: 'Legacy One', accessKeys: [{}], loginProfile: {} },
    { userName: 'legacy-two', accessKeys: [{}, { status: 'inactive' }] },
    { userName: 'legacy-three', accessKeys: [{}] },
  ],
};

export type Seen = { message: SimMessage; text: string };

/**
 * `who` types `text` (DM, or @bot in `chatId`) and waits until the bot has said something new that `who`
 * can see there — a reply, a direct message or an ephemeral card — then for the rest: until its event is
 * finished (everything it sends is sent or in the outbox by then) and the outbox has drained. A caller's
 * `quietMs` waits that long instead.
 */
export async function sayAndSee(
  w: World,
  who: Person,
  text: string,
  opts: { chatId?: string; quietMs?: number } = {},
): Promise<Seen[]> {
  const before = new Set(w.feishu.messages({ from: 'bot' }).map((m) => m.messageId));
  const said = await w.feishu.say({
    from: people[who].openId,
    text,
    ...(opts.chatId ? { chatId: opts.chatId, mentions: [w.feishu.bot.openId] } : {}),
  });
  if (!said.delivered) throw new Error(`not delivered: ${said.error ?? said.status}`);
  const fresh = () =>
    w.feishu
      .messages({ from: 'bot' })
      .filter((m) => !before.has(m.messageId) && m.chatId === said.chatId)
      .filter((m) => m.visibleTo === null || m.visibleTo.includes(people[who].openId));
  await waitFor(`an answer to "${text}"`, () => (fresh().length > 0 ? true : undefined));
  if (opts.quietMs !== undefined) await new Promise((r) => setTimeout(r, opts.quietMs));
  else await finished(w, said.eventId);
  return fresh().map((m) => ({ message: m, text: m.card ? cardText(m.card) : (m.text ?? '') }));
}

/** Waits until the event is processed for good and nothing is left to deliver. */
async function finished(w: World, eventId: string): Promise<void> {
  await waitFor(`event ${eventId} to finish and the outbox to drain`, async () => {
    const rows = (await w.deps.db.query('SELECT status FROM feishu_inbox_events WHERE event_id = ?', [
      eventId,
    ])) as Array<{ status: string }>;
    const status = rows[0]?.status;
    if (status !== 'done' && status !== 'failed') return undefined;
    return (await w.deps.outbox.stats(w.deps.db)).pending === 0 || undefined;
  });
}

/** The one answer of `sayAndSee`. */
export async function answer(
  w: World,
  who: Person,
  text: string,
  opts: { chatId?: string } = {},
): Promise<Seen> {
  const seen = await sayAndSee(w, who, text, opts);
  if (seen.length !== 1) throw new Error(`expected one answer to "${text}", got ${seen.length}`);
  return seen[0]!;
}

/** A user as the Volcengine simulator holds it (keys with their secrets: the simulator's admin view). */
export function volcUser(w: World, userName: string) {
  return w.volc.state().users.find((u) => u.userName === userName);
}

export async function subAccountNamed(w: World, userName: string) {
  return w.deps.db.transaction((m) =>
    w.deps.repos.subAccounts.findByAccountAndName(m, w.accountId, userName),
  );
}
