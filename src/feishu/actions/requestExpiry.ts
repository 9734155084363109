import { In } from 'typeorm';
import { FeishuOutboxMessage } from '../../db/entities/feishuOutboxMessage.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { expireQuotaRequests } from '../../services/requests/expireQuotaRequests.js';
import { publishDecision } from './requestPublish.js';
import { postRequestCards } from './requestCards.js';

const RECENT_MS = 24 * 3_600_000;

/** Expires overdue requests and updates their cards (and tells each requester); returns how many. */
export async function expireRequestCards(deps: Deps): Promise<number> {
  const expired = await expireQuotaRequests(deps);
  for (const r of expired) await publishDecision(deps, r);
  return expired.length;
}

/**
 * Requests decided in the last day whose cards were never updated (the process stopped between the
 * decision and its cards): published now. A Feishu requester's outcome DM row is the mark of "published".
 */
export async function republishDecided(deps: Deps): Promise<number> {
  const since = deps.clock.now().getTime() - RECENT_MS;
  const decided = await withReader(deps.db, async (m) => {
    const rows = [
      ...(await deps.repos.quotaRequests.list(m, { status: 'approved', limit: 200 })),
      ...(await deps.repos.quotaRequests.list(m, { status: 'rejected', limit: 200 })),
    ].filter((r) => r.requester.startsWith('feishu:') && (r.decidedAt?.getTime() ?? 0) >= since);
    if (rows.length === 0) return [];
    const done = await m
      .getRepository(FeishuOutboxMessage)
      .find({ where: { dedupeKey: In(rows.map((r) => `qr:${r.id}:outcome`)) }, select: { dedupeKey: true } });
    const published = new Set(done.map((d) => d.dedupeKey));
    return rows.filter((r) => !published.has(`qr:${r.id}:outcome`));
  });
  for (const r of decided) await publishDecision(deps, r);
  return decided.length;
}

/**
 * Pending requests of the last day that have no approval card queued (filed through the REST API while
 * the bot was not running, or the process stopped between filing and posting): their cards are posted now.
 */
export async function announcePending(deps: Deps): Promise<number> {
  const since = deps.clock.now().getTime() - RECENT_MS;
  const pending = await withReader(deps.db, async (m) => {
    const rows = (await deps.repos.quotaRequests.list(m, { status: 'pending', limit: 200 })).filter(
      (r) => r.createdAt.getTime() >= since,
    );
    if (rows.length === 0) return [];
    const cards = await m
      .getRepository(FeishuOutboxMessage)
      .createQueryBuilder('o')
      .select('o.dedupe_key', 'k')
      .where('o.dedupe_key LIKE :p', { p: 'qr:%:card:%' })
      .andWhere('o.created_at >= :since', { since: new Date(since) })
      .getRawMany<{ k: string }>();
    const announced = new Set(cards.map((c) => c.k.split(':')[1]));
    return rows.filter((r) => !announced.has(r.id));
  });
  for (const r of pending) await postRequestCards(deps, r);
  return pending.length;
}

/**
 * Runs expireRequestCards and republishDecided every `intervalMs` while AirGate serves (until a scheduled
 * job takes them over). A failed run is logged and tried again next time; `stop` waits for a running one.
 */
export function startRequestExpiry(deps: Deps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = (async () => {
      await expireRequestCards(deps);
      await republishDecided(deps);
      await announcePending(deps);
    })().catch((err: unknown) => deps.log.error({ err }, 'request card sweep failed'));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
