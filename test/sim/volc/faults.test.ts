import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { call } from './signedCall.js';

let sims: VolcSim[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function sim(opts: Parameters<typeof startVolcSim>[0] = {}): Promise<VolcSim> {
  const s = await startVolcSim({
    rngSeed: 99,
    seed: {
      users: [
        {
          userName: 'alice',
          accessKeys: [{ accessKeyId: 'AKLTalice', secretAccessKey: 'sa' }],
          policies: [{ policyName: 'IAMReadOnlyAccess' }],
        },
      ],
    },
    ...opts,
  });
  sims.push(s);
  return s;
}

describe('volc simulator: faults', () => {
  it('adds latency', async () => {
    const s = await sim({ faults: { latencyMs: 150 } });
    const t = performance.now();
    expect((await call(s, { action: 'ListUsers' })).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
  });

  it('answers injected 5xx as InternalError or ServiceUnavailableTemporary, only for the chosen actions', async () => {
    const s = await sim();
    s.setFaults({ errorRate: 1, actions: ['ListUsers'] });
    const codes = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await call(s, { action: 'ListUsers' });
      expect([500, 503]).toContain(r.status);
      codes.add(`${r.status} ${r.code}`);
    }
    expect(codes).toEqual(new Set(['500 InternalError', '503 ServiceUnavailableTemporary']));
    expect((await call(s, { action: 'GetUser', query: { UserName: 'alice' } })).status).toBe(200);
  });

  it('throttles per access key with 429 FlowLimitExceeded', async () => {
    const s = await sim({ faults: { qpsLimit: 3 } });
    const burst = await Promise.all(Array.from({ length: 6 }, () => call(s, { action: 'ListUsers' })));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(3);
    expect(burst.filter((r) => r.status === 429 && r.code === 'FlowLimitExceeded')).toHaveLength(3);
    const other = await call(s, {
      action: 'ListUsers',
      credentials: { accessKeyId: 'AKLTalice', secretAccessKey: 'sa' },
    });
    expect(other.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await call(s, { action: 'ListUsers' })).status).toBe(200);
  });

  it('drops connections without an answer', async () => {
    const s = await sim({ faults: { dropRate: 1 } });
    await expect(call(s, { action: 'ListUsers' })).rejects.toThrow();
    s.setFaults({ dropRate: 0 });
    expect((await call(s, { action: 'ListUsers' })).status).toBe(200);
    expect(s.callCount('ListUsers')).toBe(2);
  });

  it('replays the same fault sequence for the same rngSeed', async () => {
    const statuses = async (s: VolcSim) => {
      s.setFaults({ errorRate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await call(s, { action: 'ListUsers' })).status);
      return out;
    };
    const a = await statuses(await sim());
    const b = await statuses(await sim());
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe('volc simulator: admin endpoints', () => {
  const admin = async (s: VolcSim, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}/__sim/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { [k: string]: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('seeds, reads, advances, burns, revises, faults and counts over HTTP', async () => {
    const s = await sim({ clock: { mode: 'virtual', start: new Date('2026-05-01T00:00:00Z') } });
    const seeded = await admin(s, 'POST', 'state', {
      billLagMinutes: 0,
      projects: [{ projectName: 'p1' }],
      users: [
        {
          userName: 'bob',
          accessKeys: [{}],
          loginProfile: {},
          policies: [{ policyName: 'ArkFullAccess', projects: ['p1'] }],
        },
      ],
    });
    expect(seeded).toEqual({ status: 200, json: { ok: true, users: 1, burns: 0 } });
    const state = await admin(s, 'GET', 'state');
    expect(state.json.users[0]).toMatchObject({
      userName: 'bob',
      policies: [{ policyName: 'ArkFullAccess', projects: ['p1'] }],
    });
    expect(state.json.users[0].accessKeys[0].secretAccessKey).toBeTruthy();
    const users = await call(s, { action: 'ListUsers' });
    expect(users.result.UserMetadata.map((u: { UserName: string }) => u.UserName)).toEqual(['bob']);

    expect(
      (await admin(s, 'POST', 'burns', { burns: [{ project: 'p1', user: 'bob', ratePerHour: '2.00' }] }))
        .status,
    ).toBe(200);
    expect((await admin(s, 'POST', 'clock/advance', { hours: 3 })).json.now).toBe('2026-05-01T03:00:00.000Z');
    expect((await admin(s, 'GET', 'spend')).json.byUser).toEqual({ bob: '6.00' });
    await admin(s, 'POST', 'revisions', { project: 'p1', date: '2026-05-01', amount: '1.00' });
    const bill = await call(s, {
      action: 'ListSplitBillDetail',
      service: 'billing',
      json: { BillPeriod: '2026-05', Limit: 10, GroupPeriod: 1 },
    });
    expect(bill.result.List[0].PayableAmount).toBe('1.00');
    await admin(s, 'POST', 'settings', { billLagMinutes: 120 });
    expect((await admin(s, 'GET', 'state')).json.billLagMinutes).toBe(120);

    expect((await admin(s, 'POST', 'faults', { errorRate: 1 })).json.errorRate).toBe(1);
    expect((await call(s, { action: 'ListUsers' })).status).toBeGreaterThanOrEqual(500);
    expect((await admin(s, 'GET', 'faults')).json.errorRate).toBe(1);
    const calls = await admin(s, 'GET', 'calls');
    expect(calls.json.byAction).toMatchObject({ ListUsers: 2, ListSplitBillDetail: 1 });
    expect((await admin(s, 'POST', 'calls/reset')).json.total).toBe(0);
  });

  it('rejects a bad admin body with 400 and names the field', async () => {
    const s = await sim();
    const bad = await admin(s, 'POST', 'burns', { burns: [{ project: 'p1', ratePerHour: '1,5' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('ratePerHour');
    const unknown = await admin(s, 'POST', 'state', {
      users: [{ userName: 'x', policies: [{ policyName: 'Nope' }] }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toContain('PolicyNotExist');
    expect((await admin(s, 'GET', 'nothing')).status).toBe(404);
  });
});
