import type { Server } from 'node:http';
import { approvalCenterSim } from './approval.js';
import { click } from './callbacks.js';
import { contactSim } from './contact.js';
import { challengeBody } from './envelopes.js';
import type { EventPusher } from './events.js';
import { newId } from './ids.js';
import type { SimRuntime } from './runtime.js';
import { pressMenu, say, SimInputError } from './say.js';
import type { FeedItem, SimMessage } from './state.js';
import type { FeishuSim, FeishuSimOptions } from './types.js';
import type { WsHub } from './ws.js';

/** The FeishuSim object over one simulator's runtime: what tests and the /__sim/ endpoints call. */
export function buildSim(
  rt: SimRuntime,
  pusher: EventPusher,
  hub: WsHub,
  http: Server,
  _opts: FeishuSimOptions,
): FeishuSim {
  const { state, clock } = rt;
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    url: '',
    app: rt.app,
    bot: state.bot,
    seedUsers(users) {
      for (const u of users) state.upsertUser(u);
    },
    seedChat(chat) {
      if (!chat.chatId || !Array.isArray(chat.members))
        throw new SimInputError('a chat needs chatId and members');
      for (const m of chat.members)
        if (!state.users.has(m)) throw new SimInputError(`unknown member ${m}; seed users first`, 404);
      state.chats.set(chat.chatId, {
        chatId: chat.chatId,
        name: chat.name ?? '',
        type: chat.type === 'p2p' ? 'p2p' : 'group',
        members: [...chat.members],
        botIsMember: chat.botIsMember ?? true,
      });
    },
    setEventUrl: (url) => void (pusher.eventUrl = url || undefined),
    eventUrl: () => pusher.eventUrl,
    say: (input) => say(rt, pusher, input),
    scopes: () => [...state.scopes].sort(),
    setScopes(scopes) {
      state.scopes.clear();
      for (const s of scopes) state.scopes.add(s);
    },
    click: (input) => click(rt, pusher, input),
    menu: (input) => pressMenu(rt, pusher, input),
    messages(filter = {}) {
      const from = filter.from ?? 'bot';
      return [...state.messages.values()]
        .filter((m) => from === 'all' || (from === 'bot') === (m.sender.type === 'app'))
        .filter((m) => !filter.chatId || m.chatId === filter.chatId)
        .filter((m) => !filter.openId || inboxOf(rt, filter.openId, m))
        .map(copy);
    },
    message: (id) => {
      const m = state.messages.get(id);
      return m && copy(m);
    },
    users: () => [...state.users.values()].map(copy),
    chats: () => [...state.chats.values()].map(copy),
    feed: (after, filter = {}) =>
      state.feed.filter((f) => f.seq > after && visibleIn(rt, f, filter)).map(copy),
    lastSeq: () => state.lastSeq(),
    waitForChange: (timeoutMs, until) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          state.changes.off('change', check);
          resolve();
        };
        const check = () => void (until() && done());
        const timer = setTimeout(done, timeoutMs);
        timer.unref();
        state.changes.on('change', check);
      }),
    deliveries: (eventId) => state.deliveries.filter((d) => !eventId || d.eventId === eventId).map(copy),
    async verifyUrl() {
      const challenge = newId.event();
      const answer = await pusher.verifyUrl(challengeBody(rt.app.verificationToken, challenge));
      let echoed: unknown;
      try {
        echoed = (JSON.parse(answer.body) as { challenge?: unknown }).challenge;
      } catch {
        echoed = undefined;
      }
      return { ...answer, ok: answer.status === 200 && echoed === challenge };
    },
    setFaults: (f) => rt.faults.set(f),
    faults: () => ({ ...rt.faults.settings, counts: { ...rt.faults.counts } }),
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    tokensIssued: () => rt.tokens.issued,
    revokeTokens: () => rt.tokens.revokeAll(),
    wsConnections: () => hub.connections(),
    dropWsConnections: () => hub.dropAll(),
    approval: approvalCenterSim(rt, rt.approval),
    contact: contactSim(rt, rt.contact),
    close: async () => {
      clock.close();
      hub.close();
      pusher.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A user's own view: their p2p chat with the bot and ephemeral cards meant for them. */
function inboxOf(rt: SimRuntime, openId: string, m: SimMessage): boolean {
  if (m.visibleTo) return m.visibleTo.includes(openId);
  const chat = rt.state.chats.get(m.chatId);
  return chat?.type === 'p2p' && chat.members.includes(openId);
}

function visibleIn(rt: SimRuntime, f: FeedItem, filter: { openId?: string; chatId?: string }): boolean {
  if (filter.chatId && f.chatId !== filter.chatId) return false;
  if (!filter.openId) return true;
  if (f.kind === 'toast') return f.openId === filter.openId;
  const msg = rt.state.messages.get(f.messageId);
  return msg !== undefined && rt.state.canSee(filter.openId, msg);
}
