/**
 * How late AirGate stops a team that runs out of quota, and by how much it overspends, over 30 days on a
 * virtual clock with Volcengine's real lags (split bill 24–48 h a day, bill detail rows 5–10 min, Ark usage
 * 5–30 min; the simulator's defaults), the old spending path (AIRGATE_SPENDING_FRESH=off) beside the default
 * one, run by hand:
 *
 *   npx tsx bench/spendingFreshness.ts        (FRESH_SIM_DAYS=30, FRESH_SIM_INTERVAL=15 minutes, AIRGATE_SIM_SEED,
 *                                              FRESH_SIM_PATHS=old,new)
 *
 * Two teams spend through Ark (a long-lived key on a custom endpoint): one ¥50 an hour, one ¥500 an hour.
 * Each starts with a quota that lasts a few days; whenever AirGate stops it, the team tops up a few days more
 * after one interval (so the stop's effect is seen) and spends again. For every time the true spending
 * crossed the quota: the time from the crossing (interpolated inside the interval) to the cycle that stopped
 * the team, and the overspend (true spending beyond the quota once stopped). The issue's aim for the new path:
 * at most the usage lag + one interval (30 + 15 min), and at most burn × 45 min overspent.
 *
 * What runs: AirGate's real cycle (runSpendingCheck over SQLite, the Volcengine simulator over HTTP on a
 * virtual clock) every interval, 30 × 96 = 2,880 cycles a path; two teams are enough (each cycle's cost is the
 * cycle's, not the teams'), and the two paths run at once, each in a process of its own (a core each). Figures
 * per team: crossings, time to stop (worst, mean), worst overspend in yuan and in minutes of that team's burn.
 *
 * The path switch is read through the normal config loader, so on a branch without it both columns run the
 * same code.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config/loadConfig.js';
import { money, MoneyDecimal } from '../src/domain/money.js';
import { QUOTA_EXHAUSTED_REASON } from '../src/domain/quota.js';
import { openWatchWorld, simUser, type WatchWorld } from '../test/watch/support.js';
import { loadAverage } from './lib/processes.js';

const days = Number(process.env.FRESH_SIM_DAYS ?? 30);
const intervalMinutes = Number(process.env.FRESH_SIM_INTERVAL ?? 15);
const seed = Number(process.env.AIRGATE_SIM_SEED ?? 20261205);
const MODEL = 'doubao-seed-1-6-250615';
/** 1,000,000 prompt + 100,000 completion tokens at 0.0008 / 0.008 元 per 1k: ¥1.60 a call */
const TOKENS = { promptTokens: 1_000_000, completionTokens: 100_000 };
const PER_CALL = 1.6;
const MIN = 60_000;

type Team = { user: string; project: string; perHour: number; quotaDays: number; topUpDays: number };
const TEAMS: Team[] = [
  { user: 'steady', project: 'steady-p1', perHour: 50, quotaDays: 4.3, topUpDays: 3.7 },
  { user: 'burst', project: 'burst-p1', perHour: 500, quotaDays: 2.6, topUpDays: 2.9 },
];

type Episode = { crossedAt: number; stoppedAt: number | null; overspend: number };
type TeamRun = {
  team: Team;
  id: string;
  episodes: Episode[];
  open: Episode | null;
  stoppedSteps: number;
  endedAt: number;
};

/** The settings a path's environment changes, as the config loader reads them (none where the switch is unknown). */
function pathConfig(path: 'old' | 'new'): Partial<Config> {
  if (path === 'new') return {};
  const base = loadConfig({});
  const off = loadConfig({ AIRGATE_SPENDING_FRESH: 'off' });
  return Object.fromEntries(
    Object.entries(off).filter(
      ([k, v]) => JSON.stringify(v) !== JSON.stringify((base as Record<string, unknown>)[k]),
    ),
  ) as Partial<Config>;
}

async function truthOf(w: WatchWorld, project: string): Promise<number> {
  return Number(w.volc.ark.spend().byProject[project] ?? '0');
}

async function run(path: 'old' | 'new'): Promise<TeamRun[]> {
  const before = process.env.AIRGATE_SPENDING_FRESH;
  if (path === 'old') process.env.AIRGATE_SPENDING_FRESH = 'off';
  else delete process.env.AIRGATE_SPENDING_FRESH;
  const w = await openWatchWorld('sqlite', {
    start: '2026-05-01T00:00:00+08:00',
    rngSeed: seed,
    seed: {
      projects: TEAMS.map((t) => ({ projectName: t.project })),
      users: TEAMS.map((t) => simUser(t.user)),
    },
    config: pathConfig(path),
    settings: { checkIntervalMinutes: intervalMinutes, earlyWarningHours: 0, arkThrottlePercent: 0 },
  });
  try {
    // the real lags, as ranges (the simulator's defaults, set here so a change of default shows)
    w.volc.ark.settings({
      splitBillLagMinutes: [24 * 60, 48 * 60],
      billDetailLagMinutes: [5, 10],
      usageLagMinutes: [5, 30],
    });
    const runs: TeamRun[] = [];
    for (const team of TEAMS) {
      const ep = String(w.volc.ark.createEndpoint({ project: team.project, model: MODEL })['Id']);
      const key = w.volc.ark.createKey({ project: team.project, name: `${team.project}-key` });
      w.volc.ark.addTraffic({
        apiKey: key.apiKey,
        target: ep,
        callsPerMinute: team.perHour / PER_CALL / 60,
        label: team.project,
        ...TOKENS,
      });
      const quota = (team.perHour * 24 * team.quotaDays).toFixed(2);
      const sub = await w.addSub(team.user, [team.project], { quota });
      runs.push({ team, id: sub.id, episodes: [], open: null, stoppedSteps: 0, endedAt: 0 });
    }
    const steps = Math.floor((days * 24 * 60) / intervalMinutes);
    const prevTruth = new Map<string, number>();
    for (const r of runs) prevTruth.set(r.id, 0);
    const t0 = performance.now();
    const perDay = Math.round((24 * 60) / intervalMinutes);
    for (let step = 1; step <= steps; step++) {
      if (step % (5 * perDay) === 0)
        process.stderr.write(
          `  (${path}: day ${step / perDay} after ${Math.round((performance.now() - t0) / 1000)} s)\n`,
        );
      w.volc.advance(intervalMinutes * MIN);
      const now = w.deps.clock.now().getTime();
      for (const r of runs) {
        const sub = await w.sub(r.team.user);
        const balance = Number(sub.balance.toFixed(2));
        const truth = await truthOf(w, r.team.project);
        const prev = prevTruth.get(r.id)!;
        if (!r.open && truth >= balance && prev < balance) {
          const share = truth > prev ? (balance - prev) / (truth - prev) : 1;
          r.open = { crossedAt: now - (1 - share) * intervalMinutes * MIN, stoppedAt: null, overspend: 0 };
        }
        if (r.open) r.open.overspend = Math.max(r.open.overspend, truth - balance);
        prevTruth.set(r.id, truth);
      }
      await w.check();
      for (const r of runs) {
        const sub = await w.sub(r.team.user);
        const stopped = sub.status === 'disabled' && sub.disabledReason === QUOTA_EXHAUSTED_REASON;
        if (!stopped) {
          r.stoppedSteps = 0;
          continue;
        }
        if (r.open && r.open.stoppedAt === null) r.open.stoppedAt = w.deps.clock.now().getTime();
        r.stoppedSteps++;
        // one interval stopped (the overspend has stopped growing): the team tops up and spends again
        if (r.stoppedSteps === 2) {
          if (r.open) {
            r.episodes.push(r.open);
            r.open = null;
          }
          const spent = await truthOf(w, r.team.project);
          const short = new MoneyDecimal(spent).minus(sub.balance);
          const topUp = money(String(r.team.perHour * 24 * r.team.topUpDays)).plus(short.gt(0) ? short : 0);
          await w.allocate(r.id, topUp.toDecimalPlaces(2, MoneyDecimal.ROUND_UP).toFixed(2));
          prevTruth.set(r.id, spent);
        }
      }
    }
    for (const r of runs) {
      if (r.open) r.episodes.push(r.open);
      r.endedAt = w.deps.clock.now().getTime();
    }
    return runs;
  } finally {
    if (before === undefined) delete process.env.AIRGATE_SPENDING_FRESH;
    else process.env.AIRGATE_SPENDING_FRESH = before;
    await w.close();
  }
}

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(2)} h`;

function summary(r: TeamRun): string {
  // a crossing never stopped counts with the time it had run by the end (at least that long)
  const lat = r.episodes.map((e) => (e.stoppedAt ?? r.endedAt) - e.crossedAt);
  const never = r.episodes.filter((e) => e.stoppedAt === null).length;
  const worstLat = lat.length ? Math.max(...lat) : 0;
  const meanLat = lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : 0;
  const worstOver = Math.max(0, ...r.episodes.map((e) => e.overspend));
  const burnMinutes = (worstOver / r.team.perHour) * 60;
  const aim = worstLat <= (30 + intervalMinutes) * MIN && burnMinutes <= 45;
  return (
    `crossings ${r.episodes.length}${never ? ` (${never} not stopped by the end: ≥)` : ''}; to stop worst ` +
    `${hours(worstLat)}, mean ${hours(meanLat)}; worst overspend ¥${worstOver.toFixed(2)} = burn × ` +
    `${burnMinutes.toFixed(0)} min; aim ${r.episodes.length === 0 ? 'n/a' : aim ? 'met' : 'missed'}`
  );
}

const started = performance.now();
if (!process.env.FRESH_SIM_CHILD)
  console.log(
    `${days} days, check every ${intervalMinutes} min, lags: split bill 24–48 h, detail 5–10 min, usage 5–30 min ` +
      `(${loadAverage()})`,
  );
if (!process.env.FRESH_SIM_CHILD)
  console.log(
    `aim (new path): to stop ≤ usage lag + interval = ${30 + intervalMinutes} min; overspend ≤ burn × 45 min`,
  );
const results: Record<string, TeamRun[]> = {};
const paths = (process.env.FRESH_SIM_PATHS ?? 'old,new').split(',') as Array<'old' | 'new'>;
const self = fileURLToPath(import.meta.url);
const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
const only = process.env.FRESH_SIM_CHILD as 'old' | 'new' | undefined;
if (only) {
  // One path in a process of its own (the parent runs both at once, one per core), results as JSON.
  const runs = await run(only);
  process.stdout.write(`RESULT ${JSON.stringify(runs)}\n`);
  process.exit(0);
}
await Promise.all(
  paths.map(async (path) => {
    const t = performance.now();
    const child = spawn(process.execPath, [...loader, self], {
      env: { ...process.env, FRESH_SIM_CHILD: path },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const m = /^RESULT (.*)$/m.exec(out);
    if (!m) throw new Error(`the ${path} path's run gave no result`);
    results[path] = JSON.parse(m[1]!) as TeamRun[];
    console.log(`  (${path} path: ${Math.round((performance.now() - t) / 1000)} s wall)`);
  }),
);
for (const [i, team] of TEAMS.entries()) {
  console.log(`team ¥${team.perHour}/h:`);
  if (results['old']) console.log(`  old (AIRGATE_SPENDING_FRESH=off): ${summary(results['old'][i]!)}`);
  if (results['new']) console.log(`  new (default):                    ${summary(results['new'][i]!)}`);
}
console.log(`wall ${Math.round((performance.now() - started) / 1000)} s (${loadAverage()})`);
