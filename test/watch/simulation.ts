import { withReader } from '../../src/db/repos/transaction.js';
import { money, MoneyDecimal, sumMoney, ZERO, type Money } from '../../src/domain/money.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import { billDay, billPeriod } from '../../src/domain/billingPeriod.js';
import { listSplitBillDetail } from '../../src/volc/actions/billing.js';
import { VolcClient } from '../../src/volc/client.js';
import type { DbKind } from '../support/databases.js';
import { startFaultProxy } from '../support/volcFaultProxy.js';
import { settle } from './simulationEnd.js';
import { openWatchWorld, seededRandom, simUser, type WatchWorld } from './support.js';

export type SimulationOptions = {
  kind: DbKind;
  seed: number;
  days: number;
  subs: number;
  intervalMinutes: number;
};

export type SubModel = {
  user: string;
  id: string;
  projects: string[];
  /** Current burn per project (CNY/h) and the highest total burn ever set, noise included. */
  rates: Map<string, number>;
  peakRate: number;
  /** Refunds posted by late revisions (the bill went down): usage that is not overspend. */
  credits: Money;
  /** Cycles its exhaustion went unenforced for an excused reason (incomplete bill, failed disable). */
  excused: number;
};

export type SimulationReport = {
  seed: number;
  cycles: number;
  incompleteCycles: number;
  alerts: Record<string, number>;
  disables: number;
  enables: number;
  allocations: number;
  revisions: number;
  feishuOutages: number;
  volcFaults: { errorRate: number; dropRate: number; throttled: number; billingOutageCycles: number };
  worstOverspend: { user: string; amount: string; bound: string } | null;
  violations: string[];
  wallMs: number;
};

const NOISE = 0.3;
const rate2 = (r: () => number, max: number) => Math.round(r() * max * 100) / 100;

/**
 * A deterministic run of the spending watch against the simulators on a virtual clock: random burns,
 * bill lag, allocations, late revisions, Volcengine 5xx/drops/throttling, billing outages and Feishu
 * outages from one seed, with the invariants of RELIABILITY.md checked after every cycle.
 */
export async function runSimulation(o: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const rnd = seededRandom(o.seed);
  const start = new Date('2026-05-20T00:00:00Z');
  const lag = [30 + Math.floor(rnd() * 150)];
  const subs: SubModel[] = [];
  const projects: Array<{ projectName: string }> = [];
  const burns: Array<{ project: string; user: string; ratePerHour: string; noise: number }> = [];
  for (let i = 1; i <= o.subs; i++) {
    const user = `u${String(i).padStart(2, '0')}`;
    const m: SubModel = {
      user,
      id: '',
      projects: [],
      rates: new Map(),
      peakRate: 0,
      credits: ZERO,
      excused: 0,
    };
    const n = 1 + Math.floor(rnd() * 3);
    for (let p = 1; p <= n; p++) {
      const name = `${user}-p${p}`;
      const rate = rnd() < 0.15 ? 0 : rate2(rnd, 12);
      m.projects.push(name);
      m.rates.set(name, rate);
      projects.push({ projectName: name });
      burns.push({ project: name, user, ratePerHour: rate.toFixed(2), noise: NOISE });
    }
    m.peakRate = [...m.rates.values()].reduce((a, b) => a + b, 0) * (1 + NOISE);
    subs.push(m);
  }
  const w = await openWatchWorld(o.kind, {
    start: start.toISOString(),
    rngSeed: o.seed,
    seed: { billLagMinutes: lag[0], projects, users: subs.map((s) => simUser(s.user)), burns },
    settings: { checkIntervalMinutes: o.intervalMinutes },
  });
  const report: SimulationReport = {
    seed: o.seed,
    cycles: 0,
    incompleteCycles: 0,
    alerts: {},
    disables: 0,
    enables: 0,
    allocations: 0,
    revisions: 0,
    feishuOutages: 0,
    volcFaults: { errorRate: 0.03, dropRate: 0.01, throttled: 0, billingOutageCycles: 0 },
    worstOverspend: null,
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
    for (const s of subs)
      s.id = (await w.addSub(s.user, s.projects, { quota: String(20 + Math.floor(rnd() * 280)) })).id;
    const faultRnd = seededRandom(o.seed ^ 0x5eed);
    let billingOutage = 0;
    proxy.failWhen((action) => {
      if (billingOutage > 0 && action === 'ListSplitBillDetail') return 500;
      if (faultRnd() < 0.05) {
        report.volcFaults.throttled++;
        return 429;
      }
      return false;
    });
    w.volc.setFaults({ errorRate: report.volcFaults.errorRate, dropRate: report.volcFaults.dropRate });
    const oracle = new VolcClient({
      credentials: w.volc.credentials,
      endpoint: w.volc.url,
      // The simulator's injected faults (dropped connections, 5xx) hit every caller, the oracle too; the
      // truth it reads is retried like any idempotent read, or a dropped read would fail the run.
      retry: { maxAttempts: 6 },
    });

    const steps = Math.floor((o.days * 24 * 60) / o.intervalMinutes);
    const intervalMs = o.intervalMinutes * 60_000;
    for (let step = 0; step < steps; step++) {
      if (step > 0) await w.advance(intervalMs);
      if (billingOutage > 0) billingOutage--;
      else if (rnd() < 0.004) billingOutage = 1 + Math.floor(rnd() * 3);
      if (billingOutage > 0) report.volcFaults.billingOutageCycles++;
      await randomEvents(w, subs, rnd, report, lag, oracle);

      const r = await w.check({ tuning: { billingConcurrency: 1, billingQps: 0, assumedBillLagHours: 3 } });
      report.cycles++;
      await w.deliver();
      const complete = r.summary.accounts.every((a) => a.complete);
      if (!complete) report.incompleteCycles++;
      report.disables += r.summary.disabled.length;
      report.enables += r.summary.enabled.length;
      const failed = new Set(r.summary.failures.map((f) => f.subAccount));
      const visible = await oracleSpend(w, oracle, start);
      const truth = w.volc.spend().byUser;
      const rows = await withReader(w.deps.db, (m) =>
        w.deps.repos.subAccounts.list(m, { accountId: w.accountId }),
      );
      for (const s of subs) {
        const sub = rows.find((x) => x.id === s.id)!;
        const seen = sumMoney(s.projects.map((p) => visible.get(p) ?? ZERO));
        const exhausted = sub.balance.lte(seen) && !(sub.balance.isZero() && seen.isZero());
        const at = `step ${step} (${w.deps.clock.now().toISOString()}) ${s.user}`;
        if (r.summary.disabled.includes(s.user) && !exhausted)
          report.violations.push(`E2 ${at}: disabled at ${seen}/${sub.balance}`);
        if (complete && exhausted && sub.status !== 'disabled') {
          if (failed.has(s.user)) s.excused++;
          else report.violations.push(`E1 ${at}: ${sub.status} at ${seen}/${sub.balance}`);
        } else if (!complete && exhausted && sub.status !== 'disabled') s.excused++;
        const quotaOff = sub.status === 'disabled' && sub.disabledReason === QUOTA_EXHAUSTED_REASON;
        if (complete && quotaOff && !exhausted && !failed.has(s.user))
          report.violations.push(`E2 ${at}: still disabled at ${seen}/${sub.balance}`);
        const over = money(truth[s.user] ?? '0')
          .minus(s.credits)
          .minus(sub.balance);
        const boundMinutes = Math.max(...lag) + 60 + o.intervalMinutes * (1 + s.excused);
        const bound = new MoneyDecimal(s.peakRate).times(boundMinutes).div(60);
        if (over.gt(bound))
          report.violations.push(`E4 ${at}: overspend ${over.toFixed(2)} > bound ${bound.toFixed(2)}`);
        if (over.gt(0) && (!report.worstOverspend || over.gt(report.worstOverspend.amount))) {
          report.worstOverspend = { user: s.user, amount: over.toFixed(2), bound: bound.toFixed(2) };
        }
      }
      if (report.violations.length > 20) break;
    }
    await settle(w, subs, report);
  } finally {
    report.wallMs = Math.round(performance.now() - started);
    await proxy.close();
    await w.close();
  }
  return report;
}

/** Bill-visible spend per project (all of it counts: every project counts from the first day), read directly. */
async function oracleSpend(w: WatchWorld, oracle: VolcClient, start: Date): Promise<Map<string, Money>> {
  const faults = { errorRate: 0.03, dropRate: 0.01 };
  w.volc.setFaults({ errorRate: 0, dropRate: 0 });
  const out = new Map<string, Money>();
  try {
    const periods = new Set([billPeriod(start), billPeriod(w.deps.clock.now())]);
    for (const period of periods) {
      for (let offset = 0; ; offset += 300) {
        const r = await listSplitBillDetail(oracle, {
          BillPeriod: period,
          GroupPeriod: 0,
          Limit: 300,
          Offset: offset,
          NeedRecordNum: 1,
        });
        for (const row of r.List)
          out.set(row.Project, (out.get(row.Project) ?? ZERO).plus(money(row.PayableAmount)));
        if (offset + 300 >= r.Total) break;
      }
    }
  } finally {
    w.volc.setFaults(faults);
  }
  return out;
}

async function randomEvents(
  w: WatchWorld,
  subs: SubModel[],
  rnd: () => number,
  report: SimulationReport,
  lag: number[],
  oracle: VolcClient,
): Promise<void> {
  const pick = () => subs[Math.floor(rnd() * subs.length)]!;
  if (rnd() < 0.3) {
    const s = pick();
    const sub = await w.sub(s.user);
    const spent = await withReader(w.deps.db, async (m) =>
      sumMoney((await w.deps.repos.projects.listBySubAccount(m, s.id)).map((p) => p.spent)),
    );
    const short = spent.minus(sub.balance);
    const amount = short.gt(0)
      ? rnd() < 0.7
        ? short.plus(20 + Math.floor(rnd() * 200))
        : short.div(2)
      : new MoneyDecimal(20 + Math.floor(rnd() * 200));
    if (amount.gte(1)) {
      await w.allocate(s.id, amount.toDecimalPlaces(2, MoneyDecimal.ROUND_UP).toFixed(2));
      report.allocations++;
    }
  }
  if (rnd() < 0.05) {
    const s = pick();
    const project = s.projects[Math.floor(rnd() * s.projects.length)]!;
    const rate = rate2(rnd, 15);
    s.rates.set(project, rate);
    s.peakRate = Math.max(s.peakRate, [...s.rates.values()].reduce((a, b) => a + b, 0) * (1 + NOISE));
    w.volc.setBurns([{ project, user: s.user, ratePerHour: rate.toFixed(2), noise: NOISE }]);
  }
  if (rnd() < 0.02) {
    const s = pick();
    const project = s.projects[Math.floor(rnd() * s.projects.length)]!;
    const now = w.deps.clock.now();
    const day = billDay(new Date(now.getTime() - (2 + Math.floor(rnd() * 5)) * 86_400_000));
    if (day.slice(0, 7) === billPeriod(now) && day >= '2026-05-20') {
      const r = await listSplitBillDetail(oracle, {
        BillPeriod: day.slice(0, 7),
        GroupPeriod: 1,
        ExpenseDate: day,
        Limit: 300,
        NeedRecordNum: 1,
      });
      const before = sumMoney(r.List.filter((x) => x.Project === project).map((x) => money(x.PayableAmount)));
      const after = before.times(0.5 + rnd()).toDecimalPlaces(2);
      w.volc.revise({ project, date: day, amount: after.toFixed(2) });
      if (after.lt(before)) s.credits = s.credits.plus(before.minus(after));
      report.revisions++;
    }
  }
  if (rnd() < 0.003) {
    lag.push(30 + Math.floor(rnd() * 150));
    w.volc.setBillLagMinutes(lag[lag.length - 1]!);
  }
  if (rnd() < 0.01) {
    w.feishu.setFaults({ outageUntil: new Date(w.feishu.now() + (10 + Math.floor(rnd() * 110)) * 60_000) });
    report.feishuOutages++;
  }
}
