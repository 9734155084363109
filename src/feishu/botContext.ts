import type { EntityManager } from 'typeorm';
import { localeOf } from '../../cards/i18n/index.js';
import { withReader, writeAlone } from '../db/repos/transaction.js';
import type { MemberDto } from '../db/repos/members.js';
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

type ContextDeps = Pick<Deps, 'db' | 'repos' | 'config' | 'outbox'>;

export async function botContext(
  deps: ContextDeps,
  identity: FeishuIdentity,
  eventId: string,
): Promise<BotContext> {
  const member = await readMember(deps, identity.openId);
  return {
    requestId: eventId,
    // A copy of the roles: a read joined by several events hands them all the same row.
    actor: { kind: 'feishu', openId: identity.openId, name: member?.name, roles: [...(member?.roles ?? [])] },
    locale: localeOf(member?.locale, deps.config.locale),
    send: async (message, opts, tx) => {
      if (tx) await deps.outbox.enqueue(tx, message, opts);
      // One INSERT: no transaction around it. The outbox wakes its relay once the row is written.
      else await writeAlone(deps.db, (m) => deps.outbox.enqueue(m, message, opts));
    },
  };
}

/** The member reads under way, by database and open_id. */
const reading = new WeakMap<object, Map<string, Promise<MemberDto | null>>>();

/**
 * The member behind an event. An event whose sender is being read already (one person's clicks in a
 * burst: an approver going down a list of request cards) joins that read instead of sending its own: it
 * sees the row as of a moment before it arrived, at most one round trip earlier. A role changed in that
 * moment is seen by the next read; whatever an event decides after its answer (an approval's job) reads
 * the member again.
 */
function readMember(deps: ContextDeps, openId: string): Promise<MemberDto | null> {
  let byOpenId = reading.get(deps.db);
  if (!byOpenId) reading.set(deps.db, (byOpenId = new Map()));
  const under = byOpenId.get(openId);
  if (under) return under;
  const read = withReader(deps.db, (m) => deps.repos.members.findByOpenId(m, openId));
  byOpenId.set(openId, read);
  const forget = () => {
    if (byOpenId.get(openId) === read) byOpenId.delete(openId);
  };
  read.then(forget, forget);
  return read;
}
