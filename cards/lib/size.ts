import type { CardJson } from './types.js';

/** Feishu refuses a card message whose request body exceeds 30 KB (error 230025). */
export const CARD_LIMIT_BYTES = 30 * 1024;

/** The card as it travels: the `content` string of an interactive message (what the simulator measures). */
export function cardContentBytes(c: CardJson): number {
  return Buffer.byteLength(JSON.stringify(c), 'utf8');
}

/**
 * The worst case of what Feishu may count: the whole send request, with the card re-escaped as a JSON string
 * inside the body (every quote and backslash doubled) beside the receive id, message type and uuid.
 */
export function cardRequestBytes(c: CardJson): number {
  const body = {
    receive_id: 'oc_' + 'x'.repeat(32),
    msg_type: 'interactive',
    content: JSON.stringify(c),
    uuid: '00000000-0000-0000-0000-000000000000',
  };
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}
