import type { Deps } from '../../deps.js';
import { authorize } from '../../policies/index.js';
import { botContext, type BotContext } from '../botContext.js';
import { errorToast } from '../chat/errorCards.js';
import type { ClickEvent } from '../eventSchemas.js';
import type { CardAnswer, ClickContext, FeishuRouter } from '../router.js';
import { botToasts } from '../texts.js';
import type { ActionMeta, AnyCardAction, AnyCardJob } from './define.js';

/**
 * Registers card actions with the router: value parsed with the action's zod schema (a tampered or stale
 * value is refused with a toast, nothing changes), the operator's identity → Actor (their member roles,
 * the same botContext a typed command gets) → authorize, then run. Errors become one toast (errorCards.ts).
 */
export function registerCardActions(
  router: FeishuRouter,
  deps: Deps,
  actions: readonly AnyCardAction[],
): void {
  const seen = new Set<string>();
  for (const def of actions) {
    if (seen.has(def.id)) {
      deps.log.warn({ action: def.id }, 'card action registered twice; the first one is kept');
      continue;
    }
    seen.add(def.id);
    router.action({
      id: def.id,
      start: (click) => startAction(deps, def, click),
      run: (ctx) => runAction(deps, def, ctx),
    });
  }
}

/** A click's reads, sent before it runs (router.ts `start`): the member's lookup and the action's own. */
type Started = {
  parsed: ReturnType<AnyCardAction['schema']['safeParse']>;
  preloaded: Promise<unknown> | undefined;
  bot: Promise<BotContext>;
};

function startAction(deps: Deps, def: AnyCardAction, click: ClickEvent): Started {
  const parsed = def.schema.safeParse(click.value);
  // The action's own read runs beside the member's (two round trips at once, not one after the other).
  const preloaded = parsed.success && def.preload ? def.preload(deps, parsed.data as never) : undefined;
  preloaded?.catch(() => undefined);
  const bot = botContext(deps, click.actor, click.eventId);
  // Awaited by runAction; a click found to be a redelivery never runs, and its reads are dropped.
  bot.catch(() => undefined);
  return { parsed, preloaded, bot };
}

async function runAction(deps: Deps, def: AnyCardAction, ctx: ClickContext): Promise<CardAnswer> {
  const {
    parsed,
    preloaded,
    bot: looked,
  } = (ctx.started as Started | undefined) ?? startAction(deps, def, ctx);
  const bot = await looked;
  const { actor, locale } = bot;
  if (!parsed.success) {
    deps.log.info({ eventId: ctx.eventId, action: def.id }, 'card action value refused');
    return { toast: botToasts.invalid(locale) };
  }
  const meta: ActionMeta = {
    ...bot,
    messageId: ctx.messageId,
    chatId: ctx.chatId,
    token: ctx.token,
    formValue: ctx.formValue,
    option: ctx.option,
    inputValue: ctx.inputValue,
    claimJob: ctx.claimJob,
    preloaded,
  };
  const value = parsed.data as never;
  try {
    const policy = def.policy;
    if (typeof policy === 'string') authorize(actor, policy);
    else authorize(actor, policy.action, await policy.subject(deps, value, actor, meta));
    return await def.run(deps, actor, value, meta);
  } catch (err) {
    return {
      toast: errorToast(deps, err, { actor, locale, eventId: ctx.eventId, what: `action ${def.id}` }),
    };
  }
}

/** Registers the jobs card actions store to follow their answers; a payload that no longer parses is dropped. */
export function registerCardJobs(router: FeishuRouter, deps: Deps, jobs: readonly AnyCardJob[]): void {
  for (const def of jobs) {
    router.job({
      type: def.type,
      run: async (eventId, payload, token) => {
        const parsed = def.schema.safeParse(payload);
        if (!parsed.success) {
          deps.log.error({ eventId, job: def.type }, 'stored card job unreadable; dropped');
          return;
        }
        await def.run(deps, parsed.data as never, { eventId, token });
      },
      gaveUp: async (eventId, payload) => {
        const parsed = def.schema.safeParse(payload);
        if (parsed.success) await def.gaveUp?.(deps, parsed.data as never, { eventId });
      },
    });
  }
}
