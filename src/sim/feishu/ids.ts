import { randomBytes } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Identifiers shaped like Feishu's (prefix + hex), so code that checks prefixes behaves as in production. */
export const newId = {
  message: () => `om_${hex(16)}`,
  chat: () => `oc_${hex(16)}`,
  openId: () => `ou_${hex(16)}`,
  unionId: () => `on_${hex(16)}`,
  userId: () => hex(4),
  event: () => hex(16),
  tenantToken: () => `t-${hex(20)}`,
  cardToken: () => `c-${hex(20)}`,
  logId: () => `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${hex(13)}`.toUpperCase(),
  wsTicket: () => hex(16),
};
