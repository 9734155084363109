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
const CLOSED = 'InvalidEndpoint.ClosedEndpoint';

// The sandbox's demo of Ark enforcement: most of the burner's spending is Ark traffic through a custom
// endpoint of its project with a project API key, which the access keys' deactivation does not stop. At
// 100 % the endpoint is stopped (its calls are refused), the card says so and what still could spend, and an
// allocation starts it again.
describe('the sandbox time-lapse of Ark enforcement', () => {
  let dir: string;
  let sb: Sandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-ark-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const endpointId = () => sb.ark.endpoints[sandboxBurner.ark.endpoint]!;
  const traffic = () => {
    const g = sb.volc.ark.spend().generators.find((x) => x.label === sandboxBurner.user)!;
    return { accepted: g.accepted, closed: g.refused[CLOSED] ?? 0 };
  };
  const projectSpend = () => sb.volc.ark.spend().byProject[sandboxBurner.project] ?? '0';
  /** the IAM-side (TOS) part of the burner's spending, which stops with its access keys */
  const iamSpend = () => sb.volc.spend().byUser[sandboxBurner.user] ?? '0';
  const endpointStatus = () =>
    (sb.volc.ark.state().endpoints as Array<Record<string, unknown>>).find((e) => e['Id'] === endpointId())?.[
      'Status'
    ];
  /** What the burner's application sees: one chat call through the data plane over HTTP. */
  const appCall = async () => {
    const res = await fetch(`${sb.volc.url}/api/v3/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sb.ark.keys[sandboxBurner.ark.key]!.apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: endpointId(), messages: [{ role: 'user', content: '你好' }] }),
    });
    const body = (await res.json()) as { error?: { code: string } };
    return { status: res.status, code: body.error?.code ?? null };
  };
  const groupCards = () =>
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

  it('refuses the burner’s Ark calls after its disable, names the stopped endpoint, and lets them through after an allocation', async () => {
    // Before: the traffic runs and is charged to the burner's project.
    expect(await appCall()).toEqual({ status: 200, code: null });

    let disabledAfter = 0;
    for (let step = 1; step <= 12 && disabledAfter === 0; step++) {
      const r = await sb.advance(HOUR);
      if (r.disabled.includes(sandboxBurner.user)) disabledAfter = step;
    }
    expect(disabledAfter).toBeGreaterThan(0);
    expect((await burner())?.status).toBe('disabled');
    const before = traffic();
    expect(before.accepted).toBeGreaterThan(0);

    // Stopped: the endpoint is closed and every generated call from now on is refused, nothing more is charged.
    expect(endpointStatus()).toBe('Stopped');
    expect(await appCall()).toEqual({ status: 400, code: CLOSED });
    const spentAtStop = projectSpend();
    const iamAtStop = iamSpend();
    await sb.advance(HOUR / 5);
    const during = traffic();
    expect(during.accepted).toBe(before.accepted);
    expect(during.closed - before.closed).toBeGreaterThanOrEqual(100); // 12 minutes at 10 calls a minute
    expect(projectSpend()).toBe(spentAtStop);
    expect(iamSpend()).toBe(iamAtStop);

    // The card of the stop lists the stopped endpoint and what still could spend (the all-resources key).
    await settle();
    const stopCard = groupCards().find((t) => t.includes('方舟消费已停止'));
    expect(stopCard).toBeDefined();
    expect(stopCard).toContain(`停止接入点 ${endpointId()}`);
    expect(stopCard).toContain('仍可能产生消费');
    expect(stopCard).toContain(sandboxBurner.ark.allKey);
    expect(groupCards().some((t) => t.includes('额度用完，已自动禁用'))).toBe(true);

    // An allocation brings the traffic back.
    const sub = (await burner())!;
    await allocateQuota(sb.deps, {
      actor: systemActor,
      subAccountId: sub.id,
      amount: money(sandboxBurner.quota),
      note: 'demo top-up',
      requestId: 'ark-lapse-top-up',
    });
    const r = await sb.advance(0);
    expect(r.enabled).toContain(sandboxBurner.user);
    expect(endpointStatus()).toBe('Running');
    expect(await appCall()).toEqual({ status: 200, code: null });
    const restored = traffic();
    await sb.advance(HOUR / 5);
    const after = traffic();
    expect(after.accepted - restored.accepted).toBeGreaterThanOrEqual(100);
    expect(after.closed).toBe(restored.closed);
    await settle();
    expect(groupCards().some((t) => t.includes('方舟消费已恢复') && t.includes(endpointId()))).toBe(true);
  });
});
