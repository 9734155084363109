import { UsageError } from '../../errors.js';
import type {
  ClickResult,
  FeedItem,
  SayResult,
  SimChat,
  SimMessage,
  SimUser,
} from '../../sim/feishu/server.js';
import { renderCard, renderTextContent, type Clickable, type Locale } from './renderCard.js';
import type { SimClient } from './simClient.js';
import type { Reply, Toast } from './replies.js';
import { chatText, type ChatText } from './text.js';

export type { Reply, Toast } from './replies.js';
export { formatReply, pickButton } from './replies.js';

/**
 * One user in one chat of a running simulator: says things, presses buttons, and reads what the
 * bot answered. Numbering is per session (interactive: numbers stay valid while scrolling) or per
 * card (scripts: `--click 1` is the first button of the latest card).
 */
export class ChatSession {
  readonly t: ChatText;
  private nextNumber = 1;
  /** The p2p chat with the bot; the simulator creates it on the first message. */
  private p2pChatId: string | undefined;
  readonly pressable = new Map<number, { messageId: string; clickable: Clickable }>();

  private constructor(
    readonly client: SimClient,
    readonly me: SimUser,
    readonly chat: SimChat | undefined,
    readonly bot: { openId: string; name: string },
    readonly locale: Locale,
    private readonly names: Record<string, string>,
    /** ANSI colours in rendered cards (a terminal) */
    readonly color = false,
  ) {
    this.t = chatText(locale);
  }

  static async open(
    client: SimClient,
    o: { as: string; chat?: string; locale: Locale; color?: boolean },
  ): Promise<ChatSession> {
    const t = chatText(o.locale);
    const [info, users, chats] = await Promise.all([client.info(), client.users(), client.chats()]);
    const me = users.find((u) => u.openId === o.as || u.name.toLowerCase() === o.as.toLowerCase());
    if (!me) throw new UsageError(t.unknownUser(o.as));
    let chat: SimChat | undefined;
    if (o.chat) {
      chat = chats.find((c) => c.chatId === o.chat || c.name.toLowerCase() === o.chat?.toLowerCase());
      if (!chat) throw new UsageError(t.unknownChat(o.chat));
    }
    const names: Record<string, string> = { [info.bot.openId]: info.bot.name };
    for (const u of users) names[u.openId] = u.name;
    // Chats by name too: a card's chat picker shows the group's name, not its oc_ id.
    for (const c of chats) if (c.name && !names[c.chatId]) names[c.chatId] = c.name;
    const session = new ChatSession(client, me, chat, info.bot, o.locale, names, o.color ?? false);
    session.p2pChatId = chats.find((c) => c.type === 'p2p' && c.members.includes(me.openId))?.chatId;
    return session;
  }

  get title(): string {
    return this.chat ? this.chat.name || this.chat.chatId : this.t.p2p;
  }

  /** The prompt: who you are and in which chat, "Alice@私聊> " or "Alice@#AirGate 运维群> ". */
  get prompt(): string {
    return this.t.prompt(this.me.name, this.chat ? this.chat.name || this.chat.chatId : undefined);
  }

  /** A name for an open_id or chat_id this session knows, else the id. */
  nameOf(id: string): string {
    return this.names[id] ?? id;
  }

  /** In a group the bot only hears @mentions; a user of the chat always types one, so we add it. */
  async say(text: string, opts: { mentionBot?: boolean } = {}): Promise<SayResult> {
    const inGroup = this.chat?.type === 'group';
    const mention = inGroup && (opts.mentionBot ?? true) && !text.includes('@');
    const result = await this.client.say({
      from: this.me.openId,
      ...(this.chat ? { chatId: this.chat.chatId } : {}),
      text,
      ...(mention ? { mentions: [this.bot.openId] } : {}),
    });
    if (!this.chat) this.p2pChatId = result.chatId;
    return result;
  }

  async press(
    messageId: string,
    c: Clickable,
    extra: { formValue?: Record<string, unknown>; option?: string; inputValue?: string } = {},
  ): Promise<ClickResult> {
    return this.client.click({
      from: this.me.openId,
      messageId,
      ...(c.value !== undefined ? { value: c.value } : {}),
      ...(c.value === undefined && c.name ? { name: c.name } : {}),
      ...extra,
    });
  }

  /** Waits for what follows `after`: returns once nothing new arrived for quietMs, or at timeoutMs. */
  async collect(
    after: number,
    o: { quietMs: number; timeoutMs: number; perCard: boolean },
  ): Promise<{ replies: Reply[]; last: number }> {
    const deadline = Date.now() + o.timeoutMs;
    const items: FeedItem[] = [];
    let last = after;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const waitMs = Math.min(left, items.length > 0 ? o.quietMs : left);
      const page = await this.client.feed(last, {
        openId: this.me.openId,
        chatId: this.chat?.chatId ?? this.p2pChatId,
        waitMs,
      });
      if (page.items.length === 0) {
        if (items.length > 0) break;
        continue;
      }
      items.push(...page.items);
      last = page.last;
    }
    return { replies: await this.toReplies(items, o.perCard), last };
  }

  /** The latest messages of the chat, oldest first (for /history and --click without --say). */
  async history(limit: number, perCard: boolean): Promise<Reply[]> {
    const chatId = this.chat?.chatId ?? this.p2pChatId;
    if (!chatId) return [];
    const all = await this.client.messages({ chatId, from: 'all' });
    const visible = all.filter(
      (m) => !m.deleted && (m.visibleTo === null || m.visibleTo.includes(this.me.openId)),
    );
    return visible.slice(-limit).map((m) => this.view(m, 'message', perCard));
  }

  private async toReplies(items: FeedItem[], perCard: boolean): Promise<Reply[]> {
    const out: Reply[] = [];
    for (const item of items) {
      if (item.kind === 'toast') {
        const toast = item.toast as Toast;
        const localized = toast.i18n?.[this.locale === 'zh' ? 'zh_cn' : 'en_us'];
        out.push({
          kind: 'toast',
          messageId: item.messageId,
          toast,
          text: String(localized ?? toast.content ?? ''),
        });
        continue;
      }
      if (item.kind === 'recall') {
        out.push({ kind: 'recall', messageId: item.messageId });
        continue;
      }
      const msg = await this.client.message(item.messageId);
      if (msg.sender.type === 'user' && msg.sender.id === this.me.openId) continue;
      out.push(this.view(msg, item.kind, perCard));
    }
    return out;
  }

  view(msg: SimMessage, kind: 'message' | 'update', perCard: boolean): Reply {
    const fromBot = msg.sender.type === 'app';
    const base = {
      kind,
      messageId: msg.messageId,
      from: fromBot ? this.bot.name : (this.names[msg.sender.id] ?? msg.sender.id),
      fromBot,
      ephemeral: msg.ephemeral,
    };
    if (!msg.card)
      return {
        ...base,
        lines: renderTextContent(msg.msgType, msg.content, this.names, msg.mentions ?? []).split('\n'),
        buttons: [],
      };
    const rendered = renderCard(msg.card, {
      locale: this.locale,
      names: this.names,
      color: this.color,
      firstNumber: perCard ? 1 : this.nextNumber,
    });
    if (!perCard) {
      this.nextNumber += rendered.clickables.length;
      for (const c of rendered.clickables)
        this.pressable.set(c.n, { messageId: msg.messageId, clickable: c });
    }
    return { ...base, lines: rendered.lines, buttons: rendered.clickables, card: msg.card };
  }
}
