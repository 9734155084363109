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

  it('alerts at 50/80/90 %, disables at 100 % and re-enables after an allocation', async () => {
    let disabledAfter = 0;
    // 12 simulated minutes a step (10 yuan of spending): every threshold is crossed on its own step.
    for (let step = 1; step <= 20 && disabledAfter === 0; step++) {
      const r = await sb.advance(HOUR / 5);
      if (r.ran && r.summary.disabled.includes(sandboxBurner.user)) disabledAfter = step;
    }
    expect(disabledAfter).toBeGreaterThan(0);
    expect((await burner())?.status).toBe('disabled');
    await settle();
    const cards = groupText();
    // Bills come in hourly rows, so at 50 an hour the visible spend moves in steps of up to 50: a step over
    // several thresholds sends one card naming the highest (RELIABILITY A1), then the red disable card.
    const thresholdCards = cards.filter((t) => /已用到额度的 (50|80|90)%/.test(t));
    expect(thresholdCards.length).toBeGreaterThanOrEqual(1);
    expect(cards.some((t) => t.includes('额度用完，已自动禁用'))).toBe(true);
    expect(cards.indexOf(thresholdCards[0]!)).toBeLessThan(cards.findIndex((t) => t.includes('已自动禁用')));
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
    expect(r.ran && r.summary.enabled).toContain(sandboxBurner.user);
    expect((await burner())?.status).toBe('active');
    const keysAfter = sb.volc.state().users.find((u) => u.userName === sandboxBurner.user)?.accessKeys ?? [];
    expect(keysAfter.some((k) => k.status === 'active')).toBe(true);
    await settle();
    expect(groupText().length).toBeGreaterThan(cards.length);
  });
});
