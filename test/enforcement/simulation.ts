import { withReader } from '../../src/db/repos/transaction.js';
import { enforcementRepo } from '../../src/db/repos/enforcement.js';
import { money, MoneyDecimal, sumMoney, ZERO, type Money } from '../../src/domain/money.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import { getArkTemporaryKey, startEndpoint } from '../../src/volc/actions/ark.js';
import { VolcClient } from '../../src/volc/client.js';
import type { DbKind } from '../support/databases.js';
import { startFaultProxy } from '../support/volcFaultProxy.js';
import { openWatchWorld, seededRandom, simUser, type WatchWorld } from '../watch/support.js';

export type ArkSimOptions = {
  kind: DbKind;
  seed: number;
  days: number;
  subs: number;
  intervalMinutes: number;
  /** 'ladder': AirGate's Ark ladder; 'keys': the old lever only (access keys and console login) */
  levers: 'ladder' | 'keys';
  /** Ark rows reach the split bill this late (the simulator's default, a day, is the harsher truth) */
  splitBillLagMinutes?: number;
  /** initial quotas are 5 + up to this many 元 */
  quotaSpread?: number;
};

type Path = { gen: string; project: string; stoppable: boolean; apiKey: string; target: string };
type Model = {
  user: string;
  id: string;
  projects: string[];
  paths: Path[];
  endpoints: string[];
  /** when allocations were made (virtual time) */
  allocations: Date[];
};

export type ArkSimReport = {
  levers: ArkSimOptions['levers'];
  seed: number;
  cycles: number;
  stops: number;
  restores: number;
  allocations: number;
  handRestarts: number;
  /**
   * Probe calls (one per stoppable path of each stopped sub-account, every cycle from the second after the
   * stop decision) that the data plane accepted: each is spending that should have been stopped.
   */
  callsAfterStop: number;
  probes: number;
  incompleteCycles: number;
  worstOverspend: { user: string; amount: string } | null;
  totalOverspend: string;
  violations: string[];
  wallMs: number;
};

const MODEL = 'doubao-seed-1-6-250615';
/** 20 000 prompt + 2 000 completion tokens: 0.032 元 a call */
const TOKENS = { promptTokens: 20_000, completionTokens: 2_000 };

/**
 * A deterministic run of the spending watch with the Ark ladder on a virtual clock: each sub-account's
 * spending is Ark traffic (a long-lived key and a temporary key through the custom endpoint of each of its
 * projects; a fifth of them also call a preset endpoint by Model ID, which nothing can stop), with random
 * allocations, endpoints restarted by hand, Volcengine 5xx/drops/throttling and the simulator's harsher
 * Ark defaults (split bill a day late). After every cycle: no call through a stoppable path of a stopped
 * project is accepted past the cycle after the stop decision (unless a lever failed and was reported);
 * at the end every stop has exactly one restore, each after an allocation.
 */
export async function runArkSimulation(o: ArkSimOptions): Promise<ArkSimReport> {
  const started = performance.now();
  const rnd = seededRandom(o.seed);
  const models: Model[] = Array.from({ length: o.subs }, (_, i) => {
    const user = `a${String(i + 1).padStart(2, '0')}`;
    const n = 1 + Math.floor(rnd() * 2);
    const projects = Array.from({ length: n }, (_, p) => `${user}-p${p + 1}`);
    return { user, id: '', projects, paths: [], endpoints: [], allocations: [] };
  });
  const w = await openWatchWorld(o.kind, {
    start: '2026-05-20T00:00:00Z',
    rngSeed: o.seed,
    seed: {
      billLagMinutes: 60,
      projects: models.flatMap((m) => m.projects.map((projectName) => ({ projectName }))),
      users: models.map((m) => simUser(m.user)),
    },
    settings: {
      checkIntervalMinutes: o.intervalMinutes,
      earlyWarningHours: 0,
      ...(o.levers === 'keys'
        ? { arkThrottlePercent: 0, arkStopEndpoints: false, arkDenyPolicy: false }
        : {}),
    },
  });
  const report: ArkSimReport = {
    levers: o.levers,
    seed: o.seed,
    cycles: 0,
    stops: 0,
    restores: 0,
    allocations: 0,
    handRestarts: 0,
    callsAfterStop: 0,
    probes: 0,
    incompleteCycles: 0,
    worstOverspend: null,
    totalOverspend: '0',
    violations: [],
    wallMs: 0,
  };
  const proxy = await startFaultProxy(w.volc.url);
  try {
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
    const direct = new VolcClient({
      credentials: w.volc.credentials,
      endpoint: w.volc.url,
      retry: { maxAttempts: 1 },
    });
    if (o.splitBillLagMinutes !== undefined)
      w.volc.ark.settings({ splitBillLagMinutes: o.splitBillLagMinutes });
    for (const m of models) await seedSub(w, direct, m, rnd, o.quotaSpread ?? 200);
    const faultRnd = seededRandom(o.seed ^ 0x5eed);
    proxy.failWhen(() => (faultRnd() < 0.03 ? 429 : false));
    w.volc.setFaults({ errorRate: 0.02, dropRate: 0.005 });

    const steps = Math.floor((o.days * 24 * 60) / o.intervalMinutes);
    /** sub id → the cycle its stop was first seen, while it lasts */
    const stoppedAt = new Map<string, number>();
    const excusedUntil = new Map<string, number>();
    for (let step = 0; step < steps; step++) {
      if (step > 0) w.volc.advance(o.intervalMinutes * 60_000);
      for (const s of models) {
        const since = stoppedAt.get(s.id);
        if (since === undefined || step <= since + 1 || (excusedUntil.get(s.id) ?? -1) >= step) continue;
        for (const p of s.paths) {
          if (!p.stoppable) continue;
          const r = w.volc.ark.call('/api/v3/chat/completions', p.apiKey, {
            model: p.target,
            messages: [{ role: 'user', content: 'probe' }],
          });
          report.probes++;
          if (r.status === 200) {
            report.callsAfterStop++;
            if (o.levers === 'ladder') report.violations.push(`S1 step ${step} ${s.user} ${p.gen}: accepted`);
          }
        }
      }
      await randomEvents(w, direct, models, rnd, report, stoppedAt, excusedUntil, step);
      const r = await w.check({ tuning: { billingConcurrency: 1, billingQps: 0 } });
      report.cycles++;
      await w.deliver();
      // A lever that failed is reported and retried: its project may spend until the retry succeeds.
      for (const f of r.summary.failures) {
        const s = models.find((m) => m.user === f.subAccount);
        if (s && f.reason.startsWith('ark')) excusedUntil.set(s.id, step + 2);
      }
      // Drift repair waits for complete bill data (like every climb of the ladder).
      if (!r.summary.accounts.every((a) => a.complete)) report.incompleteCycles++;
      const rows = await withReader(w.deps.db, (m) =>
        w.deps.repos.subAccounts.list(m, { accountId: w.accountId }),
      );
      for (const s of models) {
        const sub = rows.find((x) => x.id === s.id)!;
        const off = sub.status === 'disabled' && sub.disabledReason === QUOTA_EXHAUSTED_REASON;
        if (off && !stoppedAt.has(s.id)) stoppedAt.set(s.id, step);
        if (!off) stoppedAt.delete(s.id);
      }
      if (report.violations.length > 20) break;
    }
    await settle(w, models, report);
  } finally {
    report.wallMs = Math.round(performance.now() - started);
    await proxy.close();
    await w.close();
  }
  return report;
}

async function seedSub(
  w: WatchWorld,
  direct: VolcClient,
  m: Model,
  rnd: () => number,
  quotaSpread: number,
): Promise<void> {
  for (const [i, project] of m.projects.entries()) {
    const p = i + 1;
    const ep = String(w.volc.ark.createEndpoint({ project, model: MODEL })['Id']);
    m.endpoints.push(ep);
    const key = w.volc.ark.createKey({ project, name: `${project}-key` });
    const rate = 0.05 + rnd() * 0.4;
    const mode = rnd() < 0.4 ? 'bursty' : 'steady';
    w.volc.ark.addTraffic({
      apiKey: key.apiKey,
      target: ep,
      callsPerMinute: rate,
      mode,
      label: `${project}:key`,
      ...TOKENS,
    });
    m.paths.push({ gen: `${project}:key`, project, stoppable: true, apiKey: key.apiKey, target: ep });
    const tmp = await getArkTemporaryKey(direct, {
      DurationSeconds: 2_592_000,
      ResourceType: 'endpoint',
      ResourceIds: [ep],
      ProjectName: project,
    });
    w.volc.ark.addTraffic({
      apiKey: tmp.apiKey,
      target: ep,
      callsPerMinute: rate / 3,
      label: `${project}:tmp`,
      ...TOKENS,
    });
    m.paths.push({ gen: `${project}:tmp`, project, stoppable: true, apiKey: tmp.apiKey, target: ep });
    if (p === 1 && rnd() < 0.2) {
      w.volc.ark.addTraffic({
        apiKey: key.apiKey,
        target: MODEL,
        callsPerMinute: rate / 4,
        label: `${project}:preset`,
        ...TOKENS,
      });
      m.paths.push({
        gen: `${project}:preset`,
        project,
        stoppable: false,
        apiKey: key.apiKey,
        target: MODEL,
      });
    }
  }
  m.id = (await w.addSub(m.user, m.projects, { quota: String(5 + Math.floor(rnd() * quotaSpread)) })).id;
}

async function randomEvents(
  w: WatchWorld,
  direct: VolcClient,
  models: Model[],
  rnd: () => number,
  report: ArkSimReport,
  stoppedAt: Map<string, number>,
  excusedUntil: Map<string, number>,
  step: number,
): Promise<void> {
  const pick = () => models[Math.floor(rnd() * models.length)]!;
  if (rnd() < 0.25) {
    const s = pick();
    const sub = await w.sub(s.user);
    const spent = await spentOf(w, s.id);
    const short = spent.minus(sub.balance);
    const amount = short.gt(0)
      ? short.plus(20 + Math.floor(rnd() * 150))
      : new MoneyDecimal(20 + Math.floor(rnd() * 100));
    await w.allocate(s.id, amount.toDecimalPlaces(2, MoneyDecimal.ROUND_UP).toFixed(2));
    s.allocations.push(w.deps.clock.now());
    report.allocations++;
  }
  // Someone starts a stopped endpoint again by hand (the main account's console): the next cycle undoes it.
  if (rnd() < 0.05) {
    const stopped = models.filter((s) => stoppedAt.has(s.id));
    const s = stopped[Math.floor(rnd() * stopped.length)];
    if (s) {
      const ep = s.endpoints[Math.floor(rnd() * s.endpoints.length)]!;
      // the console fails now and then too (injected 5xx, dropped answers): what counts is the state after
      const wasRunning = endpointStatus(w, ep) === 'Running';
      if (!wasRunning) await startEndpoint(direct, { Id: ep }).catch(() => undefined);
      if (!wasRunning && endpointStatus(w, ep) === 'Running') {
        report.handRestarts++;
        excusedUntil.set(s.id, Math.max(excusedUntil.get(s.id) ?? -1, step + 1));
      }
    }
  }
}

function endpointStatus(w: WatchWorld, id: string): unknown {
  const e = w.volc.ark.state().endpoints.find((x) => (x as Record<string, unknown>)['Id'] === id);
  return (e as Record<string, unknown> | undefined)?.['Status'];
}

async function spentOf(w: WatchWorld, subId: string): Promise<Money> {
  return withReader(w.deps.db, async (m) =>
    sumMoney((await w.deps.repos.projects.listBySubAccount(m, subId)).map((p) => p.spent)),
  );
}

/** Traffic stops; every stopped sub-account gets enough quota; then each stop must have exactly one restore. */
async function settle(w: WatchWorld, models: Model[], report: ArkSimReport): Promise<void> {
  w.volc.ark.stopTraffic();
  w.volc.setFaults({ errorRate: 0, dropRate: 0 });
  w.volc.ark.settings({ splitBillLagMinutes: 0, billDetailLagMinutes: 0 });
  w.volc.advance(3 * 3_600_000);
  const truth = w.volc.ark.spend().byProject;
  let total: Money = ZERO;
  for (const s of models) {
    const sub = await w.sub(s.user);
    const over = sumMoney(s.projects.map((p) => money(truth[p] ?? '0'))).minus(sub.balance);
    if (over.lte(0)) continue;
    total = total.plus(over);
    if (!report.worstOverspend || over.gt(report.worstOverspend.amount))
      report.worstOverspend = { user: s.user, amount: over.toFixed(2) };
  }
  report.totalOverspend = total.toFixed(2);
  for (let round = 0; round < 3; round++) {
    await w.check({ tuning: { billingConcurrency: 1, billingQps: 0 } });
    for (const s of models) {
      const sub = await w.sub(s.user);
      const spent = await spentOf(w, s.id);
      const short = spent.minus(sub.balance);
      // enough to be back under 100 % and under the throttle percent too
      if (sub.status !== 'active' || short.gte(0) || sub.balance.lt(spent.times(2))) {
        await w.allocate(
          s.id,
          short.plus(spent).plus(50).toDecimalPlaces(2, MoneyDecimal.ROUND_UP).toFixed(2),
        );
        s.allocations.push(w.deps.clock.now());
      }
    }
    w.volc.advance(30 * 60_000);
    await w.check({ tuning: { billingConcurrency: 1, billingQps: 0 } });
  }
  const { audits, left } = await withReader(w.deps.db, async (m) => ({
    audits: await w.deps.repos.audit.list(m, { limit: 100_000 }),
    left: await enforcementRepo.listByAccount(m, w.accountId),
  }));
  for (const s of models) {
    const mine = audits.filter((a) => a.targetId === s.id).sort((a, b) => a.id - b.id);
    const stops = mine.filter((a) => a.action === 'enforcement.stop');
    // a restore of the stop (a restore of a throttle alone has no stop before it)
    const restores = mine.filter(
      (a) =>
        a.action === 'enforcement.restore' &&
        Array.isArray(a.before) &&
        (a.before as Array<{ lever: string }>).some((c) => c.lever !== 'throttle'),
    );
    report.stops += stops.length;
    report.restores += restores.length;
    if (report.levers === 'ladder' && restores.length !== stops.length)
      report.violations.push(`R1 ${s.user}: ${stops.length} stops, ${restores.length} restores`);
    for (const r of restores) {
      const prevStop = stops.filter((x) => x.id < r.id).pop();
      const from = prevStop?.createdAt.getTime() ?? 0;
      if (!s.allocations.some((t) => t.getTime() >= from && t.getTime() <= r.createdAt.getTime()))
        report.violations.push(`R2 ${s.user}: a restore without an allocation since its stop`);
    }
  }
  if (left.length) report.violations.push(`R3 ${left.length} enforcement records left after the settle`);
}
