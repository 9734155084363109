import Router from '@koa/router';
import { checkCardObject } from './content.js';
import { deepEqual } from './jsonSchema.js';
import { cardActionEnvelope } from './envelopes.js';
import type { EventPusher } from './events.js';
import { newId } from './ids.js';
import { applyCard } from './messages.js';
import { bodyOf, fail, FeishuApiError, feishuErrors, ok } from './responses.js';
import type { SimRuntime } from './runtime.js';
import { envelopeApp, SimInputError, userOf } from './say.js';
import type { SimMessage, Toast } from './state.js';

const CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
const CARD_TOKEN_USES = 2;

export type ClickInput = {
  from: string;
  messageId: string;
  /** The component's behaviors[type=callback].value (or legacy `value`). */
  value?: unknown;
  /** Identifies a component by name instead (form submit buttons often carry no value). */
  name?: string;
  formValue?: Record<string, unknown>;
  option?: string;
  inputValue?: string;
  /** Send the click even if no component on the card carries this value (forgery tests). */
  allowUnknownValue?: boolean;
};

/** Callback errors as the client shows them (feishu-cards.md §4.1). */
export type ClickError = { code: number; msg: string };
export type ClickResult = {
  status: number;
  answer: unknown;
  toast?: Toast;
  cardUpdated: boolean;
  error?: ClickError;
  eventId: string;
};

/** User U presses a component on message M: card.action.trigger goes to the bot, its answer is applied. */
export async function click(rt: SimRuntime, pusher: EventPusher, input: ClickInput): Promise<ClickResult> {
  const { state, clock } = rt;
  const user = userOf(rt, input.from);
  const msg = state.messages.get(input.messageId);
  if (!msg || msg.deleted) throw new SimInputError(`no message ${input.messageId}`, 404);
  if (!msg.card) throw new SimInputError(`message ${input.messageId} is not a card`);
  if (!state.canSee(user.openId, msg))
    throw new SimInputError(`${user.name} cannot see message ${input.messageId}`);
  const component = findComponent(msg.card, input);
  if (!component && !input.allowUnknownValue) {
    throw new SimInputError(
      `no component with ${input.name ? `name ${input.name}` : 'that value'} on message ${msg.messageId}`,
    );
  }
  const action = actionPayload(component ?? { tag: 'button' }, input);
  const token = newId.cardToken();
  state.cardTokens.set(token, {
    token,
    messageId: msg.messageId,
    openId: user.openId,
    expiresAt: clock.now() + CARD_TOKEN_TTL_MS,
    uses: 0,
  });
  const eventId = newId.event();
  const envelope = cardActionEnvelope(envelopeApp(rt), {
    eventId,
    createTimeMicros: `${clock.now()}000`,
    operator: user,
    token,
    action,
    messageId: msg.messageId,
    chatId: msg.chatId,
  });
  const result = await pusher.pushCallback(envelope);
  const base = { status: result.status, eventId, cardUpdated: false };
  if (!result.ok) {
    const code = result.status === 0 ? (result.error?.startsWith('no answer') ? 200341 : 200342) : 200671;
    return {
      ...base,
      answer: null,
      error: { code, msg: result.error ?? `callback answered HTTP ${result.status}` },
    };
  }
  const record = state.cardTokens.get(token);
  if (record) record.answeredAt = clock.now();
  return applyAnswer(rt, msg, user.openId, result.body, base);
}

function applyAnswer(
  rt: SimRuntime,
  msg: SimMessage,
  openId: string,
  raw: string,
  base: { status: number; eventId: string; cardUpdated: boolean },
): ClickResult {
  let answer: unknown = {};
  try {
    answer = raw.trim() === '' ? {} : JSON.parse(raw);
    // The SDK's Koa adapter sends JSON.stringify(result) as text; a string result arrives double-encoded.
    if (typeof answer === 'string') answer = JSON.parse(answer);
  } catch {
    return { ...base, answer: raw, error: { code: 200672, msg: 'callback answer is not JSON' } };
  }
  if (typeof answer !== 'object' || answer === null)
    return { ...base, answer, error: { code: 200672, msg: 'bad answer body' } };
  const out: ClickResult = { ...base, answer };
  const { toast, card } = answer as { toast?: Toast; card?: { type?: string; data?: unknown } };
  if (card !== undefined) {
    if (card.type !== 'raw')
      return { ...out, error: { code: 200673, msg: 'only raw cards can be applied by this simulator' } };
    try {
      applyCard(rt, msg, checkCardObject(card.data), 'callback');
      out.cardUpdated = true;
    } catch (err) {
      if (!(err instanceof FeishuApiError)) throw err;
      return { ...out, error: { code: 200673, msg: err.error.msg } };
    }
  }
  if (toast && typeof toast === 'object') {
    out.toast = toast;
    rt.state.record(
      { kind: 'toast', messageId: msg.messageId, chatId: msg.chatId, openId, toast },
      rt.clock.now(),
    );
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function callbackValue(component: Obj): unknown {
  const behaviors = Array.isArray(component.behaviors) ? component.behaviors : [];
  const cb = behaviors.find((b) => isObj(b) && b.type === 'callback') as Obj | undefined;
  return cb ? cb.value : component.value;
}

function findComponent(node: unknown, input: ClickInput): Obj | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = findComponent(item, input);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isObj(node)) return undefined;
  if (typeof node.tag === 'string' && node.tag !== 'form') {
    if (input.name !== undefined ? node.name === input.name : deepEqual(callbackValue(node), input.value))
      return node;
  }
  for (const v of Object.values(node)) {
    const hit = findComponent(v, input);
    if (hit) return hit;
  }
  return undefined;
}

function actionPayload(component: Obj, input: ClickInput): Obj {
  const value = input.value ?? callbackValue(component);
  const action: Obj = {};
  if (value !== undefined) action.value = value;
  action.tag = component.tag;
  if (typeof component.name === 'string') action.name = component.name;
  if (input.option !== undefined) action.option = input.option;
  if (input.inputValue !== undefined) action.input_value = input.inputValue;
  if (input.formValue !== undefined) action.form_value = input.formValue;
  action.timezone = 'Asia/Shanghai';
  return action;
}

/** POST /open-apis/interactive/v1/card/update: the delayed update, token valid 30 min for 2 uses. */
export function delayedUpdateRoutes(rt: SimRuntime): Router {
  const r = new Router();
  r.post('/open-apis/interactive/v1/card/update', (ctx) => {
    const body = bodyOf(ctx);
    const record = typeof body.token === 'string' ? rt.state.cardTokens.get(body.token) : undefined;
    // Feishu's codes for a bad delayed-update token are not documented; the simulator answers 230001.
    if (!record) fail(feishuErrors.invalidParam, 'card token is invalid');
    if (record.expiresAt <= rt.clock.now()) fail(feishuErrors.invalidParam, 'card token expired (30 min)');
    if (record.uses >= CARD_TOKEN_USES) fail(feishuErrors.invalidParam, 'card token already used twice');
    if (record.answeredAt === undefined) {
      // "Must be called after answering the callback": before (or in parallel with) the answer the update
      // fails or is reverted. Counted as a use (unverified: not documented; the harsher reading).
      record.uses += 1;
      fail(feishuErrors.invalidParam, 'the callback has not been answered yet');
    }
    const msg = rt.state.messages.get(record.messageId);
    if (!msg || msg.deleted) fail(feishuErrors.recalled);
    const { open_ids: openIds, ...card } = isObj(body.card) ? body.card : {};
    const checked = checkCardObject(card);
    record.uses += 1;
    applyCard(rt, msg, checked, 'delayed');
    if (Array.isArray(openIds)) msg.updates.at(-1)!.openIds = openIds.map(String);
    ok(ctx, {});
  });
  return r;
}
