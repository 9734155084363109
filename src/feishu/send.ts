import { z } from 'zod';
import type { FeishuClient } from './client.js';
import { classifyFeishuError, errorFromBody, FeishuApiError } from './errors.js';

export type CardJson = Record<string, unknown>;
export type MessageBody = { text: string } | { card: CardJson };
export type ReceiveIdType = 'chat_id' | 'open_id' | 'union_id' | 'user_id' | 'email';

const messageData = z.object({ message_id: z.string(), chat_id: z.string().optional() }).loose();
const ok = z.object({ code: z.number(), msg: z.string().optional(), data: z.unknown().optional() }).loose();

export type SentMessage = { messageId: string; chatId?: string | undefined };

/**
 * Every call AirGate makes to Feishu's IM APIs, through the SDK Client. The SDK resolves HTTP 2xx with
 * `code != 0` and rejects other statuses with an AxiosError; both become a FeishuApiError here. A
 * rejected tenant token is dropped and the call repeated once with a fresh one (the SDK does neither).
 */
export class FeishuSender {
  constructor(private readonly client: FeishuClient) {}

  sendToChat(chatId: string, body: MessageBody, opts: { uuid?: string } = {}): Promise<SentMessage> {
    return this.send('chat_id', chatId, body, opts);
  }

  sendToUser(openId: string, body: MessageBody, opts: { uuid?: string } = {}): Promise<SentMessage> {
    return this.send('open_id', openId, body, opts);
  }

  async send(
    receiveIdType: ReceiveIdType,
    receiveId: string,
    body: MessageBody,
    opts: { uuid?: string } = {},
  ): Promise<SentMessage> {
    const res = await this.call(() =>
      this.client.sdk.im.v1.message.create({
        params: { receive_id_type: receiveIdType },
        data: { receive_id: receiveId, ...content(body), ...(opts.uuid ? { uuid: opts.uuid } : {}) },
      }),
    );
    return sent(res);
  }

  async reply(
    messageId: string,
    body: MessageBody,
    opts: { uuid?: string; inThread?: boolean } = {},
  ): Promise<SentMessage> {
    const res = await this.call(() =>
      this.client.sdk.im.v1.message.reply({
        path: { message_id: messageId },
        data: {
          ...content(body),
          ...(opts.inThread ? { reply_in_thread: true } : {}),
          ...(opts.uuid ? { uuid: opts.uuid } : {}),
        },
      }),
    );
    return sent(res);
  }

  /** Replaces a sent card for everyone (the card must keep `config.update_multi: true`). */
  async updateCard(messageId: string, card: CardJson): Promise<void> {
    await this.call(() =>
      this.client.sdk.im.v1.message.patch({
        path: { message_id: messageId },
        data: { content: JSON.stringify(card) },
      }),
    );
  }

  /** A card only `openId` sees, in a group chat; the SDK has no typed method for it. */
  async sendEphemeral(chatId: string, openId: string, card: CardJson): Promise<SentMessage> {
    const res = await this.call(() =>
      this.client.sdk.request({
        method: 'POST',
        url: '/open-apis/ephemeral/v1/send',
        data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
      }),
    );
    return sent(res);
  }

  async deleteEphemeral(messageId: string): Promise<void> {
    await this.call(() =>
      this.client.sdk.request({
        method: 'POST',
        url: '/open-apis/ephemeral/v1/delete',
        data: { message_id: messageId },
      }),
    );
  }

  /**
   * Delayed update with a card callback's token (valid 30 min, 2 uses), only after the callback was
   * answered. `openIds` is needed for cards that are not shared.
   */
  async updateCardByToken(token: string, card: CardJson, openIds?: string[]): Promise<void> {
    await this.call(() =>
      this.client.sdk.request({
        method: 'POST',
        url: '/open-apis/interactive/v1/card/update',
        data: { token, card: openIds ? { ...card, open_ids: openIds } : card },
      }),
    );
  }

  private async call(fn: () => Promise<unknown>): Promise<unknown> {
    try {
      return await this.once(fn);
    } catch (err) {
      if (err instanceof FeishuApiError && err.kind === 'token') {
        this.client.invalidateToken();
        return this.once(fn);
      }
      throw err;
    }
  }

  private async once(fn: () => Promise<unknown>): Promise<unknown> {
    let res: unknown;
    try {
      res = await fn();
    } catch (err) {
      throw classifyFeishuError(err);
    }
    const parsed = ok.safeParse(res);
    if (!parsed.success) throw errorFromBody({ code: -1, msg: 'unexpected response shape' }, 200);
    if (parsed.data.code !== 0) throw errorFromBody(parsed.data, 200);
    return parsed.data.data;
  }
}

function content(body: MessageBody): { msg_type: string; content: string } {
  return 'text' in body
    ? { msg_type: 'text', content: JSON.stringify({ text: body.text }) }
    : { msg_type: 'interactive', content: JSON.stringify(body.card) };
}

function sent(data: unknown): SentMessage {
  const parsed = messageData.safeParse(data);
  if (!parsed.success) throw errorFromBody({ code: -1, msg: 'response without message_id' }, 200);
  return { messageId: parsed.data.message_id, chatId: parsed.data.chat_id };
}
