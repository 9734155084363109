import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import {
  callEndpoint,
  cycle,
  cycleUntil,
  denyProjects,
  endpointState,
  openArkWorld,
  records,
  titles,
  type ArkWorld,
} from './support.js';

describe.each(dbKinds())('the Ark ladder on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('at 100 % stops the custom endpoint and denies restarting it; an allocation brings back exactly that, once', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0 } });
    const x = a;
    expect(callEndpoint(x).status).toBe(200);
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    expect(endpointState(x.w.volc, x.endpoint).status).not.toBe('Running');
    expect(denyProjects(x.w.volc)).toEqual(['pa']);
    // the traffic is refused now, with the real error
    const refused = callEndpoint(x);
    expect([refused.status, refused.code]).toEqual([400, 'InvalidEndpoint.ClosedEndpoint']);
    expect(titles(x)).toContain('ua 额度用完，方舟消费已停止');
    expect((await records(x)).map((r) => [r.lever, r.target, r.state]).sort()).toEqual([
      ['deny', 'pa', 'applied'],
      ['stop', x.endpoint, 'applied'],
    ]);

    // still stopped a cycle later, with no second card
    await cycle(x);
    expect(titles(x).filter((t) => t === 'ua 额度用完，方舟消费已停止')).toHaveLength(1);

    await x.w.allocate(x.subId, '200');
    await cycle(x);
    expect((await x.w.sub('ua')).status).toBe('active');
    expect(endpointState(x.w.volc, x.endpoint).status).toBe('Running');
    expect(denyProjects(x.w.volc)).toEqual([]);
    expect(callEndpoint(x).status).toBe(200);
    expect(await records(x)).toEqual([]);
    await cycle(x);
    expect(titles(x).filter((t) => t === 'ua 已充值，方舟消费已恢复')).toHaveLength(1);
    const audit = await withReader(x.w.deps.db, (m) =>
      x.w.deps.repos.audit.list(m, { targetId: x.subId, action: 'enforcement.restore' }),
    );
    expect(audit).toHaveLength(1);
  });

  it('with no alert chat and no owner, the stop card goes to every admin by direct message', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0, alertChatId: null } });
    const x = a;
    await inTransaction(x.w.deps.db, (tx) =>
      x.w.deps.repos.members.insert(
        tx,
        { openId: 'ou_watch_admin', name: 'A', roles: ['admin'] },
        new Date(),
      ),
    );
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    await x.w.deliver();
    const dm = x.w.feishu
      .messages({ openId: 'ou_watch_admin' })
      .map(
        (m) => (m.card as { header?: { title?: { content?: string } } } | undefined)?.header?.title?.content,
      );
    expect(dm).toContain('ua 额度用完，方舟消费已停止');
  });

  it('throttles from the configured percent, keeping the old limit, and sets it back after an allocation', async () => {
    a = await openArkWorld(kind, {
      quota: '10',
      settings: { arkThrottlePercent: 50, arkThrottleRpm: 5, arkThrottleTpm: 9000 },
      rateLimit: { rpm: 1000, tpm: 2_000_000 },
    });
    const x = a;
    await cycleUntil(x, async () => endpointState(x.w.volc, x.endpoint).rateLimit.Rpm === 5);
    expect(endpointState(x.w.volc, x.endpoint)).toEqual({
      status: 'Running',
      rateLimit: { Rpm: 5, Tpm: 9000 },
    });
    expect((await x.w.sub('ua')).status).toBe('active');
    expect(titles(x)).toContain('ua 额度将尽，方舟接入点已限流');
    expect((await records(x))[0]!.previous).toEqual({ RateLimit: { Rpm: 1000, Tpm: 2_000_000 } });

    await x.w.allocate(x.subId, '500');
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).rateLimit).toEqual({ Rpm: 1000, Tpm: 2_000_000 });
    expect(await records(x)).toEqual([]);
  });

  it('opt-in: regenerates the project API key at 100 % (old secret refused), never restoring a secret', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0, arkRegenKeys: true } });
    const x = a;
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    const r = callEndpoint(x);
    expect(r.status).toBe(401);
    const rows = await records(x);
    expect(rows.map((r) => r.lever).sort()).toEqual(['deny', 'regen', 'stop']);
    expect(JSON.stringify(rows)).not.toContain(x.key);
    await x.w.allocate(x.subId, '200');
    await cycle(x);
    expect(await records(x)).toEqual([]);
    const cards = x.w.feishu.messages({ chatId: 'oc_watch_alerts' }).map((m) => JSON.stringify(m.card));
    expect(cards.some((c) => c.includes('请到方舟控制台'))).toBe(true);
  });
});
