import type { EntityManager } from 'typeorm';
import { localeOf } from '../../cards/i18n/index.js';
import { withReader, writeAlone } from '../db/repos/transaction.js';
import type { Deps } from '../deps.js';
import type { FeishuActor } from '../policies/index.js';
import type { FeishuIdentity } from './eventSchemas.js';
import type { EnqueueOptions, OutboxMessage } from './outbox.js';
import type { Locale } from './texts.js';

/**
 * What a typed command and a card click both know of the person and how to answer: one lookup of the
 * member (roles, language) per event, one way to queue a message.
 */
export type BotContext = {
  /** Feishu's event_id: the request id of every write the event makes, and of its error answers. */
  requestId: string;
  actor: FeishuActor;
  /** The person's language (their member setting, else AIRGATE_LOCALE). */
  locale: Locale;
  /** Queues a message through the outbox (in `tx` when given, else on its own, sent at once). */
  send(message: OutboxMessage, opts?: EnqueueOptions, tx?: EntityManager): Promise<void>;
};

export async function botContext(
  deps: Pick<Deps, 'db' | 'repos' | 'config' | 'outbox'>,
  identity: FeishuIdentity,
  eventId: string,
): Promise<BotContext> {
  const member = await withReader(deps.db, (m) => deps.repos.members.findByOpenId(m, identity.openId));
  return {
    requestId: eventId,
    actor: { kind: 'feishu', openId: identity.openId, name: member?.name, roles: member?.roles ?? [] },
    locale: localeOf(member?.locale, deps.config.locale),
    send: async (message, opts, tx) => {
      if (tx) await deps.outbox.enqueue(tx, message, opts);
      // One INSERT: no transaction around it. The outbox wakes its relay once the row is written.
      else await writeAlone(deps.db, (m) => deps.outbox.enqueue(m, message, opts));
    },
  };
}
