import type { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { CommandKey } from '../../../cards/lib/commands.js';
import type { CardJson } from '../../../cards/lib/types.js';
import type { NotFoundView } from '../../../cards/notFound.js';
import type { Deps } from '../../deps.js';
import type { FeishuActor, PolicyAction, Subject } from '../../policies/index.js';
import type { BotContext } from '../botContext.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { MessageBody } from '../send.js';
import type { Locale } from '../texts.js';

/**
 * What a command knows about the message that invoked it, and how it can answer besides its card: the
 * botContext a card click gets too (request id, actor, language, send), and the message's own parts.
 */
export type ChatMeta = BotContext & {
  eventId: string;
  messageId: string | undefined;
  chatId: string | undefined;
  /** 'p2p' for a direct message, 'group' otherwise. */
  chatType: string;
  source: 'message' | 'menu';
  /** The whole line as typed (bot mention removed). */
  input: string;
  /** The words typed, after the command's own words. */
  tokens: readonly string[];
  /** The commands the caller may use (what the help card lists). */
  available: readonly CommandKey[];
  /** Answers where the command was typed, through the outbox (in `tx` when given). */
  reply(body: MessageBody, tx?: EntityManager): Promise<void>;
  /** The sub-account a name means, looked up once per message (the role check and `run` share it). */
  subAccount(name: string): Promise<SubAccountDto>;
};

/**
 * Who may run a command: a policy action, or one whose subject is loaded from the arguments; 'anyone'
 * only for commands that show nothing (help, which lists what the caller may use).
 */
export type ChatPolicy<A> =
  | PolicyAction
  | 'anyone'
  | {
      action: PolicyAction;
      /** Loads what the rule needs (e.g. the sub-account's owner), after parsing, before run. */
      subject: (deps: Deps, args: A, actor: FeishuActor, meta: ChatMeta) => Promise<Subject>;
    };

export type ChatCommand<A = unknown, R = unknown> = {
  /** The help/usage entry (cards/lib/commands.ts): its usage line and summary come from the catalog. */
  key: CommandKey;
  /**
   * Every way to call it, zh and en. A name may have several words ("user create", "用户 创建"): the
   * longest name matching the start of the message wins. Two commands may share a name ("用户" lists,
   * "用户 NAME" shows one): the first whose arguments parse is used.
   */
  names: readonly string[];
  /** Parses the words after the name (see parse.ts: positional, word, amount, text, month). */
  args: z.ZodType<A, string[]>;
  policy: ChatPolicy<A>;
  run: (deps: Deps, actor: FeishuActor, args: A, meta: ChatMeta) => Promise<R>;
  /** The answer card; `null` when `run` already answered (e.g. privately). */
  render: (result: R, locale: Locale, meta: ChatMeta) => CardJson | null;
  /**
   * What a `not_found` error names: by default a sub-account called `args.name`, with the closest
   * sub-account names as suggestions.
   */
  notFound?: (deps: Deps, args: A, message: string) => Promise<NotFoundView | undefined>;
};

/** A command whose types are checked here and erased for the registry's list. */
export type AnyChatCommand = ChatCommand<never, never> & {
  args: z.ZodType<unknown, string[]>;
};

/** Declares a chat command; the registry (registry.ts) wires parsing, the role check and errors. */
export function defineChatCommand<A, R>(def: ChatCommand<A, R>): AnyChatCommand {
  return def as unknown as AnyChatCommand;
}
