/**
 * How long the Volcengine client takes to list 1,000 users and 10,000 split-bill rows from the
 * simulator over loopback HTTP (signing, fetch, zod validation included).
 *
 *   npx tsx bench/volcList.ts [runs]
 *
 * The client runs in this process, the simulator beside it (the client's cost, not a server's): printed
 * with this process's RSS before and after, and the load average.
 */
import { startVolcSim } from '../src/sim/volc/server.js';
import { VolcClient } from '../src/volc/client.js';
import { listAllUsers } from '../src/volc/actions/users.js';
import { splitBillDetailPages } from '../src/volc/actions/billing.js';
import { loadAverage } from './lib/processes.js';

const USERS = 1000;
const DAYS = 10; // one burn per user, one row per (burn, Shanghai day): 10,000 rows
const RUNS = Number(process.argv[2] ?? 5);
const start = new Date('2024-04-30T16:00:00Z'); // 2024-05-01 00:00 Asia/Shanghai

const projects = ['proj-a', 'proj-b', 'proj-c'];
const users = Array.from({ length: USERS }, (_, i) => ({
  userName: `bench-user-${String(i).padStart(4, '0')}`,
  accessKeys: [{}],
}));
const sim = await startVolcSim({
  rngSeed: 1,
  clock: { mode: 'virtual', start },
  seed: {
    billLagMinutes: 0,
    projects: projects.map((projectName) => ({ projectName })),
    users,
    burns: users.map((u, i) => ({
      project: projects[i % projects.length]!,
      user: u.userName,
      ratePerHour: '0.35',
      noise: 0.2,
      since: start.toISOString(),
    })),
  },
});
sim.advance(DAYS * 24 * 3_600_000);
const client = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });

async function timed(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const count = await fn();
  return { ms: performance.now() - t0, count };
}

const listUsers = async () => {
  let n = 0;
  for await (const _ of listAllUsers(client)) n++;
  return n;
};
const listBills = async () => {
  let n = 0;
  for await (const page of splitBillDetailPages(client, { BillPeriod: '2024-05', GroupPeriod: 1 })) {
    n += page.items.length;
  }
  return n;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const rssBefore = rssMb();
try {
  const results: Record<string, { runs: number[]; count: number; calls: number }> = {};
  for (const [name, action, fn] of [
    ['users', 'ListUsers', listUsers],
    ['bill rows', 'ListSplitBillDetail', listBills],
  ] as const) {
    const runs: number[] = [];
    let count = 0;
    sim.resetCalls();
    for (let i = 0; i < RUNS + 1; i++) {
      const r = await timed(fn);
      count = r.count;
      runs.push(r.ms);
    }
    results[name] = { runs, count, calls: sim.callCount(action) / (RUNS + 1) };
  }
  for (const [name, r] of Object.entries(results)) {
    const [cold, ...warm] = r.runs;
    process.stdout.write(
      `${r.count} ${name}: p50 ${median(warm).toFixed(0)} ms over ${warm.length} runs ` +
        `(first run ${cold!.toFixed(0)} ms), ${r.calls} calls per listing\n`,
    );
  }
  process.stdout.write(
    `RSS ${rssBefore.toFixed(0)} MB before, ${rssMb().toFixed(0)} MB after; ${loadAverage()}\n`,
  );
} finally {
  await sim.close();
}
