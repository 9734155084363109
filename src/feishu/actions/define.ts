import type { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { FeishuActor, PolicyAction, Subject } from '../../policies/index.js';
import type { BotContext } from '../botContext.js';
import type { CardAnswer, ClaimJob } from '../router.js';

/** What a card action knows about the click: the botContext (request id, actor, language, send) and the card. */
export type ActionMeta = BotContext & {
  /** The card clicked (Feishu open_message_id) and its chat. */
  messageId: string | undefined;
  chatId: string | undefined;
  /** The delayed-update token (30 min, 2 uses); absent when the click is re-run from the inbox. */
  token: string | undefined;
  formValue: Record<string, unknown> | undefined;
  /** A select's chosen option. */
  option: string | undefined;
  inputValue: string | undefined;
  /** Stores work to follow the answer (router.ts ClaimJob); absent where nothing runs jobs. */
  claimJob: ClaimJob | undefined;
  /** What the action's `preload` read (rejects as the read did), when it has one. */
  preloaded: Promise<unknown> | undefined;
};

export type ActionPolicy<V> =
  | PolicyAction
  | {
      action: PolicyAction;
      subject: (deps: Deps, value: V, actor: FeishuActor, meta: ActionMeta) => Promise<Subject>;
    };

export type CardAction<V = unknown> = {
  /** The value's `a` (cards/lib/values.ts: 'area.verb'). */
  id: string;
  /** The value's schema, exported by the card side (cards/lib/values.ts `actionSchemas[id]`). */
  schema: z.ZodType<V>;
  /** A read started with the member's lookup, before the policy check (given to it and `run` as `meta.preloaded`). */
  preload?: (deps: Deps, value: V) => Promise<unknown>;
  /** Checked before `run`; a refusal is a toast, nothing changes. */
  policy: ActionPolicy<V>;
  /** Returns a toast and/or a card replacing the clicked one. */
  run: (deps: Deps, actor: FeishuActor, value: V, meta: ActionMeta) => Promise<CardAnswer>;
};

export type AnyCardAction = CardAction<never> & { schema: z.ZodType<unknown> };

export function defineCardAction<V>(def: CardAction<V>): AnyCardAction {
  return def as unknown as AnyCardAction;
}

/**
 * Work a card action stored to run after its click was answered (router.ts JobDefinition): the payload
 * is parsed with `schema` when it runs (it comes back from the inbox), `token` is the click's
 * delayed-update token when this process answered the click.
 */
export type CardJob<P = unknown> = {
  type: string;
  schema: z.ZodType<P>;
  run: (deps: Deps, payload: P, ctx: { eventId: string; token: string | undefined }) => Promise<void>;
  /** Once the inbox has given up retrying it: say so to whoever was told it would follow. */
  gaveUp?: (deps: Deps, payload: P, ctx: { eventId: string }) => Promise<void>;
};

export type AnyCardJob = CardJob<never> & { schema: z.ZodType<unknown> };

export function defineCardJob<P>(def: CardJob<P>): AnyCardJob {
  return def as unknown as AnyCardJob;
}
