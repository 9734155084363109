import { errorTextBoth } from '../../cards/i18n/errorText.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../log/logger.js';
import { AppError } from '../errors.js';
import { inTransaction } from '../db/repos/transaction.js';
import {
  menuEventSchema,
  messageEventSchema,
  parseClick,
  type ClickEvent,
  type FeishuIdentity,
} from './eventSchemas.js';
import { mentionsOf, parseCommandText, READABLE_TYPES, type CommandText } from './messageText.js';
import type { EnqueueOptions, FeishuOutbox, OutboxMessage } from './outbox.js';
import type { CardJson, MessageBody } from './send.js';
import { texts, toast, type Locale } from './texts.js';

export type CommandContext = {
  eventId: string;
  /** A typed message, or a click on the bot's menu (then the command word is the menu's event key). */
  source: 'message' | 'menu';
  actor: FeishuIdentity;
  chatId: string | undefined;
  chatType: string;
  messageId: string | undefined;
  command: CommandText;
  locale: Locale;
  /** Answers in the chat (a reply to the message; a direct message for menu clicks), through the outbox. */
  reply(body: MessageBody, tx?: EntityManager): Promise<void>;
};
export type CommandDefinition = { names: string[]; run: (ctx: CommandContext) => Promise<void> };

export type Toast = {
  type: 'info' | 'success' | 'error' | 'warning';
  content: string;
  i18n?: Record<string, string>;
};
export type CardAnswer = { toast?: Toast; card?: { type: 'raw'; data: CardJson } };
export type ClickContext = ClickEvent & {
  actionId: string;
  locale: Locale;
  /** Queues any message through the outbox (in `tx` when given). */
  send(message: OutboxMessage, opts?: EnqueueOptions, tx?: EntityManager): Promise<void>;
};
export type ActionDefinition = { id: string; run: (ctx: ClickContext) => Promise<CardAnswer | void> };

/**
 * Hands a text message to a command by its first word (after the bot's @mention) and a card click to an
 * action by its value's `a` (or `action`) field, with the operator's Feishu identity. Messages from bots
 * (including this one) and group messages that do not mention the bot are ignored. A command that
 * throws still gets one answer: an error reply naming the event, so the user is never left waiting.
 */
export class FeishuRouter {
  private readonly commands = new Map<string, CommandDefinition>();
  private readonly actions = new Map<string, ActionDefinition>();
  private fallbackCommand: CommandDefinition['run'] = async (ctx) => {
    const t = texts[ctx.locale];
    if (ctx.command.unsupported) return ctx.reply({ text: t.unsupportedMessage });
    await ctx.reply({ text: ctx.command.name ? t.unknownCommand(ctx.command.name) : t.emptyCommand });
  };

  constructor(
    private readonly deps: { db: DataSource; outbox: FeishuOutbox; log: Logger; locale: Locale },
    private botOpenId?: string,
  ) {}

  /** The bot's own open_id: its messages are ignored and only its @mentions count in groups. */
  setBotOpenId(openId: string): void {
    this.botOpenId = openId;
  }

  command(def: CommandDefinition): this {
    for (const name of def.names) this.commands.set(name.toLowerCase(), def);
    return this;
  }

  action(def: ActionDefinition): this {
    this.actions.set(def.id, def);
    return this;
  }

  /** What unknown or empty commands get (the next issue's help card). */
  fallback(run: CommandDefinition['run']): this {
    this.fallbackCommand = run;
    return this;
  }

  async handleMessage(eventId: string, flat: Record<string, unknown>): Promise<void> {
    const e = messageEventSchema.parse(flat);
    const sender = e.sender.sender_id?.open_id;
    if (e.sender.sender_type !== undefined && e.sender.sender_type !== 'user') return;
    if (!sender || (this.botOpenId && sender === this.botOpenId)) return;
    const command = readCommand(e.message, this.botOpenId);
    if (!command) return;
    if (e.message.chat_type !== 'p2p' && !command.mentionsBot) return;
    const m = e.message;
    const actor: FeishuIdentity = {
      openId: sender,
      unionId: e.sender.sender_id?.union_id,
      userId: e.sender.sender_id?.user_id,
    };
    await this.runCommand(
      {
        eventId,
        source: 'message',
        actor,
        chatId: m.chat_id,
        chatType: m.chat_type,
        messageId: m.message_id,
        command,
      },
      (body) => ({
        kind: 'reply',
        messageId: m.message_id,
        chatId: m.chat_id,
        body,
      }),
    );
  }

  async handleMenu(eventId: string, flat: Record<string, unknown>): Promise<void> {
    const e = menuEventSchema.parse(flat);
    const id = e.operator.operator_id;
    const actor: FeishuIdentity = { openId: id.open_id, unionId: id.union_id, userId: id.user_id };
    const command = parseCommandText(JSON.stringify({ text: e.event_key }), [], undefined)!;
    await this.runCommand(
      { eventId, source: 'menu', actor, chatId: undefined, chatType: 'p2p', messageId: undefined, command },
      (body) => ({
        kind: 'send',
        receiveIdType: 'open_id',
        receiveId: actor.openId,
        body,
      }),
    );
  }

  async handleClick(eventId: string, flat: Record<string, unknown>): Promise<CardAnswer> {
    const click = parseClick(eventId, flat);
    const locale = this.deps.locale;
    const id = typeof click.value.a === 'string' ? click.value.a : click.value.action;
    const def = typeof id === 'string' ? this.actions.get(id) : undefined;
    if (!def || typeof id !== 'string') return { toast: toast('error', (t) => t.unknownAction, locale) };
    const send = async (message: OutboxMessage, opts: EnqueueOptions = {}, tx?: EntityManager) => {
      await this.enqueue(message, opts, tx);
    };
    try {
      return (await def.run({ ...click, actionId: id, locale, send })) ?? {};
    } catch (err) {
      this.logFailure(err, eventId, `action ${id}`);
      return { toast: toast('error', (t) => t.actionFailed(eventId.slice(0, 12)), locale) };
    }
  }

  private async runCommand(
    base: Omit<CommandContext, 'reply' | 'locale'>,
    address: (body: MessageBody) => OutboxMessage,
  ): Promise<void> {
    let n = 0;
    const ctx: CommandContext = {
      ...base,
      locale: this.deps.locale,
      reply: (body, tx) => this.enqueue(address(body), { dedupeKey: `evt:${base.eventId}:${n++}` }, tx),
    };
    const def = this.commands.get(base.command.name);
    try {
      await (def ? def.run(ctx) : this.fallbackCommand(ctx));
    } catch (err) {
      this.logFailure(err, base.eventId, `command ${base.command.name}`);
      const t = texts[ctx.locale];
      const text =
        err instanceof AppError && err.code !== 'upstream'
          ? errorTextBoth(err)
          : t.commandFailed(base.eventId.slice(0, 12));
      await ctx.reply({ text });
    }
  }

  private async enqueue(message: OutboxMessage, opts: EnqueueOptions, tx?: EntityManager): Promise<void> {
    if (tx) {
      await this.deps.outbox.enqueue(tx, message, opts);
      return;
    }
    await inTransaction(this.deps.db, (t) => this.deps.outbox.enqueue(t, message, opts));
    this.deps.outbox.notify();
  }

  private logFailure(err: unknown, eventId: string, what: string): void {
    if (err instanceof AppError) this.deps.log.info({ eventId, code: err.code }, `${what} refused`);
    else this.deps.log.error({ err, eventId }, `${what} failed`);
  }
}

/**
 * A message as a command: text and rich text are read; anything else (image, file, sticker, audio…)
 * becomes an empty command marked `unsupported`, so the sender is told what the bot can read.
 */
function readCommand(
  m: { message_type: string; content: string; mentions?: Parameters<typeof parseCommandText>[1] },
  botOpenId: string | undefined,
): CommandText | undefined {
  if ((READABLE_TYPES as readonly string[]).includes(m.message_type))
    return parseCommandText(m.content, m.mentions, botOpenId, m.message_type);
  return {
    name: '',
    args: [],
    rest: '',
    text: '',
    mentionsBot: mentionsOf(m.mentions, botOpenId),
    unsupported: m.message_type,
  };
}
