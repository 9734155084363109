import { withReader } from '../../src/db/repos/transaction.js';
import { enforcementRepo } from '../../src/db/repos/enforcement.js';
import type { VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { startFaultProxy, type FaultProxy } from '../support/volcFaultProxy.js';
import type { DbKind } from '../support/databases.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

export const MODEL = 'doubao-seed-1-6-250615';
export const START = '2026-05-10T04:00:00Z';

export type ArkWorld = {
  w: WatchWorld;
  proxy: FaultProxy;
  /** the main account, straight to the simulator (what a person does by hand in the console) */
  direct: VolcClient;
  subId: string;
  endpoint: string;
  key: string;
  keyId: number;
  close(): Promise<void>;
};

/**
 * One sub-account `ua` monitoring project `pa`, whose spending is Ark traffic: a long-lived "all
 * resources" key calling a custom endpoint 60 times a minute (≈ 11.5 元/h), with AirGate reaching
 * Volcengine through a fault proxy. The split bill shows Ark rows without lag (the lag is the watch's
 * business, not the ladder's).
 */
export async function openArkWorld(
  kind: DbKind,
  opts: {
    quota?: string;
    settings?: Record<string, unknown>;
    rateLimit?: { rpm: number; tpm: number };
    /** more Volcengine projects, monitored by nobody */
    otherProjects?: string[];
  } = {},
): Promise<ArkWorld> {
  const w = await openWatchWorld(kind, {
    start: START,
    seed: {
      billLagMinutes: 0,
      projects: [
        { projectName: 'pa' },
        ...(opts.otherProjects ?? []).map((projectName) => ({ projectName })),
      ],
      users: [simUser('ua')],
    },
    settings: { earlyWarningHours: 0, ...opts.settings },
  });
  w.volc.ark.settings({ splitBillLagMinutes: 0, billDetailLagMinutes: 0 });
  const proxy = await startFaultProxy(w.volc.url);
  await withReader(w.deps.db, async (m) => {
    const a = (await w.deps.repos.accounts.findById(m, w.accountId))!;
    await w.deps.repos.accounts.updateIfVersion(
      m,
      a.id,
      a.version,
      { endpoint: proxy.url },
      w.deps.clock.now(),
    );
  });
  const ep = w.volc.ark.createEndpoint({ project: 'pa', model: MODEL, rateLimit: opts.rateLimit });
  const endpoint = String(ep['Id']);
  const k = w.volc.ark.createKey({ project: 'pa', name: 'team-key' });
  w.volc.ark.addTraffic({ apiKey: k.apiKey, target: endpoint, callsPerMinute: 60, label: 'ua-ep' });
  const sub = await w.addSub('ua', ['pa'], { quota: opts.quota ?? '10', countsFrom: '2026-05-10' });
  const direct = new VolcClient({
    credentials: w.volc.credentials,
    endpoint: w.volc.url,
    retry: { maxAttempts: 1 },
  });
  return {
    w,
    proxy,
    direct,
    subId: sub.id,
    endpoint,
    key: k.apiKey,
    keyId: Number(k.id),
    async close() {
      await proxy.close();
      await w.close();
    },
  };
}

/** Checks every 10 minutes until `done` (at most `max` cycles); returns the cycles run. */
export async function cycleUntil(a: ArkWorld, done: () => Promise<boolean>, max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await a.w.advance(10 * 60_000);
    await a.w.check();
    await a.w.deliver();
    if (await done()) return i;
  }
  throw new Error(`not reached in ${max} cycles`);
}

export async function cycle(a: ArkWorld): Promise<Awaited<ReturnType<WatchWorld['check']>>> {
  await a.w.advance(10 * 60_000);
  const r = await a.w.check();
  await a.w.deliver();
  return r;
}

export function endpointState(sim: VolcSim, id: string) {
  const e = sim.ark.state().endpoints.find((x) => (x as Record<string, unknown>)['Id'] === id) as Record<
    string,
    unknown
  >;
  return { status: e['Status'] as string, rateLimit: e['RateLimit'] as { Rpm: number; Tpm: number } };
}

/** Projects in which `ua` has AirGate's Deny attached on the simulator. */
export function denyProjects(sim: VolcSim, user = 'ua'): string[] {
  const u = sim.state().users.find((x) => x.userName === user) as unknown as {
    policies?: Array<{ policyName: string; projects?: string[] }>;
  };
  return (u.policies ?? [])
    .filter((p) => p.policyName === 'AirGateArkStopDeny')
    .flatMap((p) => p.projects ?? []);
}

export function titles(a: ArkWorld): string[] {
  return a.w.feishu
    .messages({ chatId: ALERT_CHAT })
    .map((m) => String((m.card as { header: { title: { content: string } } }).header.title.content));
}

export async function records(a: ArkWorld) {
  return withReader(a.w.deps.db, (m) => enforcementRepo.listBySubAccount(m, a.subId));
}

/** One data-plane call with the project's key through its custom endpoint, now. */
export function callEndpoint(a: ArkWorld) {
  return a.w.volc.ark.call('/api/v3/chat/completions', a.key, {
    model: a.endpoint,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

/**
 * An Ark world where a project nobody monitors ("orphan") spends through its own key and endpoint, two
 * cycles in: the split bill holds unattributed Ark spending.
 */
export async function openOrphanWorld(kind: DbKind): Promise<ArkWorld> {
  const x = await openArkWorld(kind, { quota: '1000', otherProjects: ['orphan'] });
  const ep = String(x.w.volc.ark.createEndpoint({ project: 'orphan', model: MODEL })['Id']);
  const k = x.w.volc.ark.createKey({ project: 'orphan' });
  x.w.volc.ark.addTraffic({ apiKey: k.apiKey, target: ep, callsPerMinute: 5, label: 'orphan' });
  await cycle(x);
  await cycle(x);
  return x;
}
