import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { systemActor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { startSandbox, type Sandbox } from '../../src/sim/sandbox.js';
import { sandboxBurner } from '../../src/sim/sandboxSeed.js';

const HOUR = 3_600_000;

// The sandbox's demo of the spending watch: quota 100 burning 50 an hour gets its threshold alerts in the
// alert chat, is disabled once its bill shows 100 %, and allocating 100 more re-enables it.
describe('the sandbox time-lapse of the spending watch', () => {
  let dir: string;
  let sb: Sandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-lapse-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const groupText = () =>
    sb.feishu
      .messages({ chatId: sb.group.chatId })
      .map((m) => JSON.stringify(m.card ?? m.text ?? ''))
      .filter((t) => t.includes(sandboxBurner.user));
  const burner = () =>
    withReader(
      sb.deps.db,
      async (m) => (await sb.deps.repos.subAccounts.findByName(m, sandboxBurner.user))[0],
    );
  const settle = async () => {
    for (let i = 0; i < 50 && (await sb.deps.outbox.stats(sb.deps.db)).pending > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('alerts at 50/80/90 %, each on its own card, disables at 100 % and re-enables after an allocation', async () => {
    let disabledAfter = 0;
    // An hour at a time, as the tour says: every threshold is crossed at one of the checks on the way.
    for (let step = 1; step <= 12 && disabledAfter === 0; step++) {
      const r = await sb.advance(HOUR);
      expect(r.checks).toBe(6); // every 10 simulated minutes, the default check interval
      if (r.disabled.includes(sandboxBurner.user)) disabledAfter = step;
    }
    expect(disabledAfter).toBeGreaterThan(0);
    expect((await burner())?.status).toBe('disabled');
    await settle();
    const cards = groupText();
    const disableAt = cards.findIndex((t) => t.includes('额度用完，已自动禁用'));
    expect(disableAt).toBeGreaterThanOrEqual(0);
    for (const pct of [50, 80, 90]) {
      const at = cards.findIndex((t) => t.includes(`已用到额度的 ${pct}%`));
      expect(at, `${pct} % card`).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(disableAt);
    }
    const keys = sb.volc.state().users.find((u) => u.userName === sandboxBurner.user)?.accessKeys ?? [];
    expect(keys.every((k) => k.status === 'inactive')).toBe(true);

    const sub = (await burner())!;
    await allocateQuota(sb.deps, {
      actor: systemActor,
      subAccountId: sub.id,
      amount: money('100'),
      note: 'demo top-up',
      requestId: 'lapse-top-up',
    });
    const r = await sb.advance(0);
    expect(r.enabled).toContain(sandboxBurner.user);
    expect((await burner())?.status).toBe('active');
    const keysAfter = sb.volc.state().users.find((u) => u.userName === sandboxBurner.user)?.accessKeys ?? [];
    expect(keysAfter.some((k) => k.status === 'active')).toBe(true);
    await settle();
    expect(groupText().length).toBeGreaterThan(cards.length);
  });
});

// One clock: `/advance` moves AirGate's clock with the simulators', so its cards carry the virtual time and
// the hours passed are history for the burn rate.
describe('the sandbox time-lapse moves AirGate with the simulators', () => {
  let dir: string;
  let sb: Sandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-clock-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps AirGate, the Volcengine and the Feishu simulators at one time', async () => {
    const r = await sb.advance(3 * HOUR);
    expect(r.to.getTime() - r.from.getTime()).toBeGreaterThanOrEqual(3 * HOUR);
    expect(sb.clock.offsetMs).toBe(3 * HOUR);
    // Read in this order, each clock is at least the one read before it (time passes, never backwards).
    const airgate = sb.deps.clock.now().getTime();
    const volc = sb.volc.now().getTime();
    const feishu = sb.feishu.now();
    const again = sb.deps.clock.now().getTime();
    expect(volc).toBeGreaterThanOrEqual(airgate);
    expect(feishu).toBeGreaterThanOrEqual(volc);
    expect(again).toBeGreaterThanOrEqual(feishu);
    const health = (await (await fetch(`${sb.airgate.url}/healthz`)).json()) as { time: string };
    expect(Date.parse(health.time)).toBeGreaterThanOrEqual(airgate);
  });

  it("after hours of /advance, AirGate's alert cards carry the virtual time and a burn rate", async () => {
    for (let step = 0; step < 12; step++) {
      const r = await sb.advance(HOUR);
      if (r.disabled.includes(sandboxBurner.user)) break;
    }
    for (let i = 0; i < 50 && (await sb.deps.outbox.stats(sb.deps.db)).pending > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    const cards = sb.feishu
      .messages({ chatId: sb.group.chatId })
      .map((m) => JSON.stringify(m.card ?? ''))
      .filter((t) => t.includes(sandboxBurner.user));
    const disable = cards.find((t) => t.includes('额度用完，已自动禁用'));
    expect(disable).toBeDefined();
    // The disable card's time is the virtual time (hours ahead of the wall clock), not the wall clock's.
    const shown = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d) \(UTC\+8\)/.exec(disable!);
    expect(shown).not.toBeNull();
    const [y, mo, d, h, mi] = shown!.slice(1).map(Number) as [number, number, number, number, number];
    const at = Date.UTC(y, mo - 1, d, h - 8, mi);
    expect(at).toBeGreaterThan(Date.now() + 4 * HOUR);
    expect(at).toBeLessThanOrEqual(sb.deps.clock.now().getTime());
    // The hours passed are history: the 90 % card states a spending rate above zero.
    const ninety = cards.find((t) => t.includes('已用到额度的 90%'));
    expect(ninety).toMatch(/¥[1-9]\d*\.\d\d\s*\/\s*小时/);
  });
});
