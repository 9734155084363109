import { errorTextBoth } from '../../cards/lib/errorText.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../log/logger.js';
import { AppError } from '../errors.js';
import { writeAlone } from '../db/repos/transaction.js';
import {
  menuEventSchema,
  messageEventSchema,
  parseClick,
  type ClickEvent,
  type FeishuIdentity,
} from './eventSchemas.js';
import { commandOf } from './filters.js';
import { parseCommandText, type CommandText } from './messageText.js';
import type { EnqueueOptions, FeishuOutbox, OutboxMessage } from './outbox.js';
import type { CardJson, MessageBody } from './send.js';
import { botReplies, botToasts, type Locale } from './texts.js';
import type { ToastJson } from '../../cards/lib/botTexts.js';

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

export type Toast = ToastJson;
export type CardAnswer = { toast?: Toast; card?: { type: 'raw'; data: CardJson } };
export type ClickContext = ClickEvent & {
  actionId: string;
  locale: Locale;
  /** Queues any message through the outbox (in `tx` when given). */
  send(message: OutboxMessage, opts?: EnqueueOptions, tx?: EntityManager): Promise<void>;
  /** Stores a job to run once the click is answered (absent where nothing runs jobs: then work at once). */
  claimJob?: ClaimJob;
  /** What the action's `start` returned for this click. */
  started?: unknown;
};
export type ActionDefinition = {
  id: string;
  /**
   * Reads to send as soon as the click arrives, beside the storing of the click (which decides whether it
   * runs at all): it must write nothing. Its result is handed to `run` as `started`.
   */
  start?: (click: ClickEvent) => unknown;
  run: (ctx: ClickContext) => Promise<CardAnswer | void>;
};
/** A click parsed, and its action's reads sent, before the click is stored (FeishuRouter.startClick). */
export type StartedClick = { eventId: string; click: ClickEvent; started: unknown };

/**
 * What `claimJob(key, type, payload)` found: the job is this click's to run (stored in the durable inbox
 * under `key`, run here after the answer, by any process's sweep after a crash), or another click stored
 * one under that key first (its payload says whose, its status whether it still runs).
 */
export type JobClaim =
  | { fresh: true }
  | { fresh: false; status: 'pending' | 'processing' | 'done' | 'failed'; payload: Record<string, unknown> };
export type ClaimJob = (key: string, type: string, payload: Record<string, unknown>) => Promise<JobClaim>;
/**
 * Work a click stored to follow its answer. `token` is the click's delayed-update token, known only to
 * the process that answered the click (never stored): a job re-run after a crash has none.
 */
export type JobDefinition = {
  type: string;
  run: (eventId: string, payload: Record<string, unknown>, token: string | undefined) => Promise<void>;
  /** Called once when the inbox stops retrying the job (its attempts used up): tells whoever waits for it. */
  gaveUp?: (eventId: string, payload: Record<string, unknown>) => Promise<void>;
};

/** What reads a command: the chat registry once the bot is wired, the plain commands before that. */
export type CommandHandler = (ctx: CommandContext, plain: PlainCommands) => Promise<void>;

/** Commands answered without the chat registry (`ping`, and a test's own): a first word → run. */
export type PlainCommands = {
  find(name: string): CommandDefinition | undefined;
  /** The transport's own answer to an unknown, empty or unreadable message (text, no card). */
  fallback(ctx: CommandContext): Promise<void>;
};

/**
 * One road for a chat message: the filters (filters.ts: ignore bots, read the text, in groups only an
 * @mention) → one command handler → one answer. Card clicks go to an action by their value's `a` (or
 * `action`). A command that throws still gets one answer: an error reply naming the event, so the user
 * is never left waiting.
 */
export class FeishuRouter {
  private readonly plainCommands = new Map<string, CommandDefinition>();
  private readonly actions = new Map<string, ActionDefinition>();
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly plain: PlainCommands = {
    find: (name) => this.plainCommands.get(name.toLowerCase()),
    fallback: async (ctx) => {
      const l = ctx.locale;
      if (ctx.command.unsupported) return ctx.reply({ text: botReplies.unsupportedMessage(l) });
      const name = ctx.command.name;
      await ctx.reply({ text: name ? botReplies.unknownCommand(l, name) : botReplies.emptyCommand(l) });
    },
  };
  private handler: CommandHandler = (ctx, plain) => {
    const def = plain.find(ctx.command.name);
    return def ? def.run(ctx) : plain.fallback(ctx);
  };

  constructor(
    private readonly deps: { db: DataSource; outbox: FeishuOutbox; log: Logger; locale: Locale },
    private botOpenId?: string,
  ) {}

  /** The bot's own open_id: its messages are ignored and only its @mentions count in groups. */
  setBotOpenId(openId: string): void {
    this.botOpenId = openId;
  }

  /** A plain command, answered by its first word (the chat registry leaves these words alone). */
  command(def: CommandDefinition): this {
    for (const name of def.names) this.plainCommands.set(name.toLowerCase(), def);
    return this;
  }

  /** Hands every command to `handler` (the chat registry), which may still pass a word to a plain one. */
  handleCommands(handler: CommandHandler): this {
    this.handler = handler;
    return this;
  }

  action(def: ActionDefinition): this {
    this.actions.set(def.id, def);
    return this;
  }

  job(def: JobDefinition): this {
    this.jobs.set(def.type, def);
    return this;
  }

  /** A stored job the inbox retries no more: its definition's `gaveUp`, if it has one. */
  async handleJobGaveUp(eventId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    await this.jobs.get(type)?.gaveUp?.(eventId, payload);
  }

  /** Runs a stored job; a throw leaves it to the inbox's retry. */
  async handleJob(
    eventId: string,
    type: string,
    payload: Record<string, unknown>,
    token: string | undefined,
  ): Promise<void> {
    const def = this.jobs.get(type);
    if (!def) throw new Error(`no handler for stored job type ${type}`);
    await def.run(eventId, payload, token);
  }

  async handleMessage(eventId: string, flat: Record<string, unknown>): Promise<void> {
    const e = messageEventSchema.parse(flat);
    const found = commandOf(e, this.botOpenId);
    if (!found) return;
    const m = e.message;
    await this.runCommand(
      {
        eventId,
        source: 'message',
        actor: found.actor,
        chatId: m.chat_id,
        chatType: m.chat_type,
        messageId: m.message_id,
        command: found.command,
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

  /**
   * Parses a click and sends its action's first reads (`start`) at once, so that they travel while the
   * click is being stored; handleClick then goes on from them. Undefined when the click cannot be read or
   * its reads cannot be sent (handleClick then answers as it would have).
   */
  startClick(eventId: string, flat: Record<string, unknown>): StartedClick | undefined {
    try {
      const click = parseClick(eventId, flat);
      return { eventId, click, started: this.actionOf(click)?.start?.(click) };
    } catch {
      // Told apart where the click is handled (an unreadable click, a failing read: its answer).
      return undefined;
    }
  }

  async handleClick(
    eventId: string,
    flat: Record<string, unknown>,
    claimJob?: ClaimJob,
    early?: StartedClick,
  ): Promise<CardAnswer> {
    const ahead = early?.eventId === eventId ? early : undefined;
    const click = ahead?.click ?? parseClick(eventId, flat);
    const locale = this.deps.locale;
    const def = this.actionOf(click);
    if (!def) return { toast: botToasts.unknownAction(locale) };
    const send = async (message: OutboxMessage, opts: EnqueueOptions = {}, tx?: EntityManager) => {
      await this.enqueue(message, opts, tx);
    };
    try {
      const started = ahead ? ahead.started : def.start?.(click);
      return (
        (await def.run({
          ...click,
          actionId: def.id,
          locale,
          send,
          ...(claimJob && { claimJob }),
          ...(started !== undefined && { started }),
        })) ?? {}
      );
    } catch (err) {
      this.logFailure(err, eventId, `action ${def.id}`);
      return { toast: botToasts.failed(locale, eventId.slice(0, 12)) };
    }
  }

  /** The action a click's value names (`a`, or the older `action`). */
  private actionOf(click: ClickEvent): ActionDefinition | undefined {
    const id = typeof click.value.a === 'string' ? click.value.a : click.value.action;
    return typeof id === 'string' ? this.actions.get(id) : undefined;
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
    try {
      await this.handler(ctx, this.plain);
    } catch (err) {
      this.logFailure(err, base.eventId, `command ${base.command.name}`);
      const text =
        err instanceof AppError && err.code !== 'upstream'
          ? errorTextBoth(err)
          : botReplies.commandFailed(ctx.locale, base.eventId.slice(0, 12));
      await ctx.reply({ text });
    }
  }

  private async enqueue(message: OutboxMessage, opts: EnqueueOptions, tx?: EntityManager): Promise<void> {
    if (tx) {
      await this.deps.outbox.enqueue(tx, message, opts);
      return;
    }
    // One INSERT: no transaction around it. The outbox wakes its relay once the row is written.
    await writeAlone(this.deps.db, (m) => this.deps.outbox.enqueue(m, message, opts));
  }

  private logFailure(err: unknown, eventId: string, what: string): void {
    if (err instanceof AppError) this.deps.log.info({ eventId, code: err.code }, `${what} refused`);
    else this.deps.log.error({ err, eventId }, `${what} failed`);
  }
}
