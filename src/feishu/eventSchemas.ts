import { z } from 'zod';

/**
 * The events AirGate handles, as the SDK hands them to a handler: one flat object
 * `{schema, ...header, ...event}` (feishu-platform.md §1.4). Parsed here, at the edge; fields AirGate
 * does not read are kept but not typed.
 */
const userId = z
  .object({ open_id: z.string().min(1), union_id: z.string().optional(), user_id: z.string().optional() })
  .loose();

export const messageEventSchema = z
  .object({
    event_id: z.string().min(1),
    sender: z.object({ sender_id: userId.optional(), sender_type: z.string().optional() }).loose(),
    message: z
      .object({
        message_id: z.string().min(1),
        chat_id: z.string().min(1),
        chat_type: z.string(),
        message_type: z.string(),
        content: z.string(),
        mentions: z
          .array(
            z.object({ key: z.string(), id: userId.partial().loose(), name: z.string().optional() }).loose(),
          )
          .optional(),
      })
      .loose(),
  })
  .loose();
export type MessageEvent = z.infer<typeof messageEventSchema>;

export const menuEventSchema = z
  .object({
    event_id: z.string().min(1),
    event_key: z.string(),
    operator: z.object({ operator_id: userId, operator_name: z.string().optional() }).loose(),
  })
  .loose();
export type MenuEvent = z.infer<typeof menuEventSchema>;

const action = z
  .object({
    value: z.record(z.string(), z.unknown()).optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
    option: z.string().optional(),
    input_value: z.string().optional(),
  })
  .loose();

export const cardEventSchema = z
  .object({
    event_id: z.string().min(1),
    // Absent when the click is re-run from the inbox, which never stores it.
    token: z.string().optional(),
    operator: z
      .object({ open_id: z.string().min(1), union_id: z.string().optional(), user_id: z.string().optional() })
      .loose(),
    action,
    context: z
      .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

/** Who acted, as Feishu names them; src/services/members turns it into an authorization Actor. */
export type FeishuIdentity = { openId: string; unionId?: string | undefined; userId?: string | undefined };

export type ClickEvent = {
  eventId: string;
  actor: FeishuIdentity;
  /** The delayed-update token (`c-…`): 30 minutes, 2 uses; only while the click is answered in memory. */
  token: string | undefined;
  value: Record<string, unknown>;
  tag: string | undefined;
  name: string | undefined;
  formValue: Record<string, unknown> | undefined;
  option: string | undefined;
  inputValue: string | undefined;
  messageId: string | undefined;
  chatId: string | undefined;
};

/** A 2.0 click (card.action.trigger) → one click; `eventId` is the dedupe key the inbox stored. */
export function parseClick(eventId: string, flat: Record<string, unknown>): ClickEvent {
  const e = cardEventSchema.parse({ ...flat, event_id: eventId });
  return click(
    eventId,
    { openId: e.operator.open_id, unionId: e.operator.union_id, userId: e.operator.user_id },
    e.token,
    e.action,
    e.context?.open_message_id,
    e.context?.open_chat_id,
  );
}

function click(
  eventId: string,
  actor: FeishuIdentity,
  token: string | undefined,
  a: z.infer<typeof action>,
  messageId: string | undefined,
  chatId: string | undefined,
): ClickEvent {
  return {
    eventId,
    actor,
    token,
    value: a.value ?? {},
    tag: a.tag,
    name: a.name,
    formValue: a.form_value,
    option: a.option,
    inputValue: a.input_value,
    messageId,
    chatId,
  };
}
