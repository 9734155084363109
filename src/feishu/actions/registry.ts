import { localeOf } from '../../../cards/i18n/index.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { authorize, PolicyDeniedError, type FeishuActor } from '../../policies/index.js';
import type { CardAnswer, ClickContext, FeishuRouter } from '../router.js';
import type { Locale } from '../texts.js';
import type { ActionMeta, AnyCardAction } from './define.js';
import { actionTexts, bilingualToast, localToast } from './texts.js';

/**
 * Registers card actions with the router: value parsed with the action's zod schema (a tampered or stale
 * value is refused with a toast, nothing changes), the operator's identity → Actor (their member roles)
 * → authorize, then run. Errors become one toast, by AppError code.
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
    router.action({ id: def.id, run: (ctx) => runAction(deps, def, ctx) });
  }
}

async function runAction(deps: Deps, def: AnyCardAction, ctx: ClickContext): Promise<CardAnswer> {
  const member = await withReader(deps.db, (m) => deps.repos.members.findByOpenId(m, ctx.actor.openId));
  const actor: FeishuActor = {
    kind: 'feishu',
    openId: ctx.actor.openId,
    name: member?.name,
    roles: member?.roles ?? [],
  };
  const locale: Locale = localeOf(member?.locale, deps.config.locale);
  const parsed = def.schema.safeParse(ctx.value);
  if (!parsed.success) {
    deps.log.info({ eventId: ctx.eventId, action: def.id }, 'card action value refused');
    return { toast: localToast('error', locale, (t) => t.invalid) };
  }
  const meta: ActionMeta = {
    requestId: ctx.eventId,
    messageId: ctx.messageId,
    chatId: ctx.chatId,
    token: ctx.token,
    formValue: ctx.formValue,
    option: ctx.option,
    inputValue: ctx.inputValue,
    locale,
    send: async (message, opts, tx) => {
      if (tx) await deps.outbox.enqueue(tx, message, opts);
      else {
        await inTransaction(deps.db, (t) => deps.outbox.enqueue(t, message, opts));
        deps.outbox.notify();
      }
    },
  };
  const value = parsed.data as never;
  try {
    const policy = def.policy;
    if (typeof policy === 'string') authorize(actor, policy);
    else authorize(actor, policy.action, await policy.subject(deps, value, actor, meta));
    return await def.run(deps, actor, value, meta);
  } catch (err) {
    return errorToast(deps, err, actor, locale, ctx.eventId, def.id);
  }
}

/** The one mapping of a click's error to a toast, by code. */
export function errorToast(
  deps: Pick<Deps, 'log'>,
  err: unknown,
  actor: FeishuActor,
  locale: Locale,
  eventId: string,
  action: string,
): CardAnswer {
  const ref = eventId.slice(0, 12);
  if (!(err instanceof AppError)) {
    deps.log.error({ err, eventId, action }, 'card action failed');
    return { toast: localToast('error', locale, (t) => t.failed(ref)) };
  }
  deps.log.info({ eventId, action, code: err.code }, 'card action refused');
  if (err instanceof PolicyDeniedError && !actor.roles.some((r) => err.needs.roles.includes(r))) {
    const roles = (l: Locale) =>
      err.needs.roles.map((r) => actionTexts[l].role[r] ?? r).join(actionTexts[l].or);
    return {
      toast: {
        type: 'error',
        content: actionTexts[locale].forbidden(roles(locale)),
        i18n: { zh_cn: actionTexts.zh.forbidden(roles('zh')), en_us: actionTexts.en.forbidden(roles('en')) },
      },
    };
  }
  if (err.code === 'upstream') return { toast: localToast('error', locale, (t) => t.upstream(ref)) };
  return { toast: bilingualToast('error', locale, err) };
}
