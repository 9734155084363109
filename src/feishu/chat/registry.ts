import type { CommandKey } from '../../../cards/lib/commands.js';
import type { Deps } from '../../deps.js';
import { AppError, UsageError } from '../../errors.js';
import {
  authorize,
  isAllowed,
  requirement,
  type FeishuActor,
  type PolicyAction,
} from '../../policies/index.js';
import type { CommandContext, FeishuRouter, PlainCommands } from '../router.js';
import { botReplies } from '../texts.js';
import { botContext } from '../botContext.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import type { AnyChatCommand, ChatMeta } from './define.js';
import type { NotFoundView } from '../../../cards/notFound.js';
import { accountPickerCard } from '../../../cards/accountPicker.js';
import { AccountChoiceError } from './account.js';
import { rerunWithAccount } from './accountPick.js';
import { chatCardFor, errorCard, subAccountNotFound } from './errorCards.js';
import { tokenize, usageFromZod } from './parse.js';
import { longestMatch, unglue, type Entry } from './match.js';
import { closest } from './suggest.js';

/** What the registry knows, for the help card and tests. */
export type ChatRegistry = {
  commands: readonly AnyChatCommand[];
  /** The commands `actor` may use (help shows only these). */
  availableTo(actor: FeishuActor): CommandKey[];
};

const lower = (s: string) => s.toLowerCase();

/**
 * Registers every chat command with the router under each first word of its names (zh and en), plus the
 * fallback for unknown words. Each message then goes: words → the longest matching name → zod → role
 * check (src/policies) → run → card; any error becomes one card (errorCards.ts). Nothing runs before the
 * role check, and every message gets exactly one answer.
 */
export function registerChatCommands(
  router: FeishuRouter,
  deps: Deps,
  commands: readonly AnyChatCommand[],
): ChatRegistry {
  const entries: Entry[] = commands.flatMap((cmd) =>
    cmd.names.map((n) => ({ cmd, words: tokenize(n).map(lower) })),
  );
  const allNames = entries.map((e) => e.words.join(' '));
  const keyOf = new Map(entries.map((e) => [e.words.join(' '), e.cmd.key]));
  const registry: ChatRegistry = {
    commands,
    availableTo: (actor) => [...new Set(commands.filter((c) => mayUse(actor, c.policy)).map((c) => c.key))],
  };

  const suggest = (typed: readonly string[]): CommandKey[] => {
    const probes = [typed.slice(0, 2).join(' '), typed[0] ?? ''].filter(Boolean);
    const names = probes.flatMap((p) => closest(lower(p), allNames, 4));
    return [...new Set(names.map((n) => keyOf.get(n)!))].slice(0, 3);
  };

  const dispatch = async (ctx: CommandContext, plain?: PlainCommands): Promise<void> => {
    const typed = tokenize(ctx.command.text);
    if (typed[0] !== undefined) typed[0] = typed[0].replace(/^\/+/, '');
    const tokens = unglue(entries, typed);
    const match = longestMatch(entries, tokens);
    // A word no chat command claims may be a plain one (`ping`): it answers without the registry.
    const plainDef = match || ctx.command.unsupported ? undefined : plain?.find(ctx.command.name);
    if (plainDef) return plainDef.run(ctx);
    const bot = await botContext(deps, ctx.actor, ctx.eventId);
    const { actor, locale } = bot;
    const meta: ChatMeta = {
      ...bot,
      eventId: ctx.eventId,
      messageId: ctx.messageId,
      chatId: ctx.chatId,
      chatType: ctx.chatType,
      source: ctx.source,
      input: tokens.join(' '),
      tokens: match ? tokens.slice(match.length) : tokens.slice(1),
      reply: ctx.reply,
      available: registry.availableTo(actor),
      subAccount: once((name: string) => resolveSubAccount(deps, name)),
    };
    if (ctx.command.unsupported) {
      await meta.reply({ text: botReplies.unsupportedMessage(locale) });
      return;
    }
    let chosen: AnyChatCommand | undefined;
    let args: unknown;
    try {
      if (!match) {
        throw new UsageError(
          tokens[0] !== undefined
            ? { reason: 'command_unknown', params: { word: tokens[0] } }
            : { reason: 'command_missing' },
        );
      }
      let failure: UsageError | undefined;
      for (const cmd of match.commands) {
        const parsed = cmd.args.safeParse([...meta.tokens]);
        chosen = cmd;
        if (parsed.success) {
          args = parsed.data;
          failure = undefined;
          break;
        }
        failure = usageFromZod(parsed.error);
      }
      if (failure) throw failure;
      const cmd = chosen!;
      const policy = cmd.policy;
      // No lookup for someone no role could let through: its "not found" would tell them names.
      if (typeof policy === 'object' && !mayUse(actor, policy)) authorize(actor, policy.action);
      if (typeof policy === 'object')
        authorize(actor, policy.action, await policy.subject(deps, args as never, actor, meta));
      else if (policy !== 'anyone') authorize(actor, policy);
      const result = await cmd.run(deps, actor, args as never, meta);
      const card = cmd.render(result as never, locale, meta);
      if (card) await meta.reply({ card });
    } catch (err) {
      // A refusal the person can act on is info; an answer that shows them the request id to quote
      // (Volcengine down, a server problem) is logged where an operator looks, with that id.
      if (
        err instanceof AppError &&
        chatCardFor[err.code] !== 'internal' &&
        chatCardFor[err.code] !== 'upstream'
      )
        deps.log.info({ eventId: ctx.eventId, code: err.code }, 'chat command refused');
      else if (err instanceof AppError)
        deps.log.warn(
          { err, eventId: ctx.eventId, requestId: ctx.eventId, code: err.code },
          'chat command failed',
        );
      else deps.log.error({ err, eventId: ctx.eventId, requestId: ctx.eventId }, 'chat command failed');
      const cmd = chosen;
      const card =
        err instanceof AccountChoiceError
          ? accountPickerCard({ input: meta.input, accounts: err.accounts }, locale)
          : await errorCard(err, {
              requestId: ctx.eventId,
              locale,
              input: meta.input,
              actor,
              command: cmd?.key,
              suggestions: suggest(tokens).filter((k) => meta.available.includes(k)),
              notFound: async () => visibleTo(actor, await notFoundView(deps, cmd, args, err)),
            });
      await meta.reply({ card });
    }
  };

  router.handleCommands(dispatch);
  router.action({ id: 'account.pick', run: (click) => rerunWithAccount(deps, dispatch, click) });
  return registry;
}

/** A "not found" suggests only names the caller may see (a person with no role sees none). */
function visibleTo(actor: FeishuActor, view: NotFoundView | undefined): NotFoundView | undefined {
  if (!view) return view;
  const action: PolicyAction = view.kind === 'project' ? 'project.view' : 'subaccount.view';
  return isAllowed(actor, action, {}) ? view : { ...view, suggestions: [] };
}

/** Help lists a command when a role allows it, or when it is a lead's on their own sub-accounts. */
function mayUse(actor: FeishuActor, policy: AnyChatCommand['policy']): boolean {
  if (policy === 'anyone') return true;
  const action: PolicyAction = typeof policy === 'string' ? policy : policy.action;
  return isAllowed(actor, action, {}) || (requirement(action).owner && actor.roles.includes('lead'));
}

async function notFoundView(deps: Deps, cmd: AnyChatCommand | undefined, args: unknown, err: unknown) {
  const message = err instanceof Error ? err.message : '';
  if (cmd?.notFound) return cmd.notFound(deps, args as never, message);
  const name = (args as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? subAccountNotFound(deps, name) : undefined;
}

/** A lookup made at most once per message (the policy check and the command share its answer). */
function once<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => {
    let p = seen.get(key);
    if (!p) seen.set(key, (p = load(key)));
    return p;
  };
}
