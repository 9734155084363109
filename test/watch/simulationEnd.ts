import { withReader } from '../../src/db/repos/transaction.js';
import { MoneyDecimal, sumMoney } from '../../src/domain/money.js';
import type { SimulationReport, SubModel } from './simulation.js';
import type { WatchWorld } from './support.js';

/** Every quota-disabled sub-account gets a sufficient allocation; each disable must then have exactly one enable. */
export async function settle(w: WatchWorld, subs: SubModel[], report: SimulationReport): Promise<void> {
  w.feishu.setFaults({ outageUntil: null });
  for (const s of subs)
    w.volc.setBurns(s.projects.map((project) => ({ project, user: s.user, ratePerHour: '0' })));
  await w.advance(6 * 3_600_000);
  for (let round = 0; round < 3; round++) {
    for (const s of subs) {
      const sub = await w.sub(s.user);
      if (sub.status === 'active') continue;
      const spent = await withReader(w.deps.db, async (m) =>
        sumMoney((await w.deps.repos.projects.listBySubAccount(m, s.id)).map((p) => p.spent)),
      );
      await w.allocate(
        s.id,
        spent.minus(sub.balance).plus(100).toDecimalPlaces(2, MoneyDecimal.ROUND_UP).toFixed(2),
      );
    }
    await w.advance(30 * 60_000);
    const r = await w.check({ tuning: { billingConcurrency: 1, billingQps: 0 } });
    report.disables += r.summary.disabled.length;
    report.enables += r.summary.enabled.length;
    await w.deliver();
  }
  for (let i = 0; i < 120 && (await pendingCards(w)) > 0; i++) {
    await w.advance(60_000);
    await w.deliver();
  }
  await checkEnd(w, subs, report);
}

async function pendingCards(w: WatchWorld): Promise<number> {
  const [row] = (await withReader(w.deps.db, (m) =>
    m.query("SELECT COUNT(*) AS n FROM feishu_outbox WHERE status = 'pending'"),
  )) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

async function checkEnd(w: WatchWorld, subs: SubModel[], report: SimulationReport): Promise<void> {
  const v = report.violations;
  const { audits, alerts } = await withReader(w.deps.db, async (m) => ({
    audits: await w.deps.repos.audit.list(m, { actor: 'system', limit: 100_000 }),
    alerts: await w.deps.repos.alerts.list(m, { limit: 100_000 }),
  }));
  for (const s of subs) {
    const sub = await w.sub(s.user);
    if (sub.status !== 'active') v.push(`end ${s.user}: still ${sub.status}`);
    const seq = audits
      .filter((a) => a.targetId === s.id && a.action.startsWith('subaccount.'))
      .sort((a, b) => a.id - b.id)
      .map((a) => a.action);
    seq.forEach((a, i) => {
      if (a !== (i % 2 === 0 ? 'subaccount.disable' : 'subaccount.enable'))
        v.push(`E3 ${s.user}: disable/enable out of turn: ${seq.join(',')}`);
    });
    if (seq.length % 2 !== 0) v.push(`E3 ${s.user}: ${seq.length} actions, the last disable has no enable`);
    const u = w.volc.state().users.find((x) => x.userName === s.user)!;
    if (
      u.accessKeys.map((k) => k.status).join() !== 'active,inactive' ||
      u.loginProfile?.loginAllowed !== true
    ) {
      v.push(
        `E3 ${s.user}: not restored exactly: ${u.accessKeys.map((k) => k.status).join()} login ${u.loginProfile?.loginAllowed}`,
      );
    }
  }
  const once = new Map<string, number>();
  for (const a of alerts) {
    report.alerts[a.type] = (report.alerts[a.type] ?? 0) + 1;
    if (a.type !== 'threshold' && a.type !== 'early_warning') continue;
    const k = `${a.type}:${a.subAccountId}:${a.epoch}:${String(a.details['step'] ?? '')}`;
    once.set(k, (once.get(k) ?? 0) + 1);
    const sameCycle = alerts.filter(
      (b) =>
        b.type === a.type &&
        b.subAccountId === a.subAccountId &&
        b.createdAt.getTime() === a.createdAt.getTime(),
    );
    if (sameCycle.length > 1)
      v.push(`A1 ${a.subAccountId}: ${sameCycle.length} ${a.type} alerts in one cycle`);
  }
  for (const [k, n] of once) if (n > 1) v.push(`A1 ${k}: ${n} alerts in one epoch`);
  const messages = w.feishu.messages({ chatId: 'oc_watch_alerts' });
  const uuids = messages.map((m) => m.uuid);
  if (new Set(uuids).size !== uuids.length) v.push('A2: a card arrived twice');
  const outbox = (await withReader(w.deps.db, (m) =>
    m.query(
      "SELECT uuid, status, last_error AS err, attempts, next_attempt_at AS nxt FROM feishu_outbox WHERE order_key = 'chat_id:oc_watch_alerts' ORDER BY id",
    ),
  )) as Array<{ uuid: string; status: string }>;
  if (outbox.some((r) => r.status !== 'sent'))
    v.push(
      `A2: ${outbox.filter((r) => r.status !== 'sent').length} cards not delivered: ${JSON.stringify(outbox.find((r) => r.status !== 'sent'))}`,
    );
  if (outbox.map((r) => r.uuid).join() !== uuids.join())
    v.push('A2: cards arrived out of order or not at all');
  // every alert that has a card (all but the first, silent report of a failed action) is in the chat once
  const withCard = alerts.filter(
    (a) => a.type !== 'enforcement_failed' || a.dedupeKey?.endsWith(':2'),
  ).length;
  if (messages.length !== withCard) {
    // Name the cards by their header, and the alerts by type, so a mismatch says which card is extra.
    const titles = new Map<string, number>();
    for (const m of messages) {
      const card = m.card as { header?: { title?: { content?: string } } } | undefined;
      const title = (card?.header?.title?.content ?? '?').replace(/\S*\d\S*/g, '#');
      titles.set(title, (titles.get(title) ?? 0) + 1);
    }
    const types = new Map<string, number>();
    for (const a of alerts) types.set(a.type, (types.get(a.type) ?? 0) + 1);
    v.push(
      `A2: ${messages.length} cards in the chat for ${withCard} alerts (cards ${JSON.stringify([...titles])}, alerts ${JSON.stringify([...types])})`,
    );
  }
}
