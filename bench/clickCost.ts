/**
 * What one Approve click costs AirGate, on a quiet machine, run by hand:
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && npx -p node@24 node dist/bench/clickCost.js
 *
 * One server (`airgate serve --no-scheduler`, compiled, as the image runs it) on MariaDB, behind nothing:
 * the Feishu simulator pushes each click to it directly. The lead applies for BENCH_REQUESTS quota
 * requests (default 120); once their cards are posted and every background job is done, the cards are
 * clicked one at a time, a quarter of a second apart so that each decision runs before the next click:
 * on the first half by one approver, on the second half by two at once (the race the decision's claim
 * settles). Around each click's answer the bench reads the server's CPU time (/proc) and MariaDB's
 * statement counter (Questions, server-wide: nothing else runs). Printed, for each half: the server's CPU
 * and the statements per card, and the answers' p50. These are costs, not latencies: multiProcess and
 * feishuAck measure those under load.
 *
 * BENCH_PROFILE=<dir>: the server runs under --cpu-prof, and the profile is summarised over the clicks'
 * windows alone (not the applications, nor the decisions that follow each click).
 */
import { productionEnv, startSims, type Child } from '../test/ops/support.js';
import {
  ALERTS,
  airgate,
  approveValue,
  benchDatabase,
  pool,
  rows,
  seed,
  settle,
  team,
  until,
  who,
} from './lib/approvals.js';
import { printProfiles } from './lib/cpuProfile.js';
import { cpuMs, loadAverage, requireFreshBuild, warnIfNotImageNode } from './lib/processes.js';

const SUBS = 12;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 120);

type Half = { label: string; cpuMs: number; statements: number; answersMs: number[] };

async function main(): Promise<void> {
  requireFreshBuild();
  warnIfNotImageNode();
  const db = await benchDatabase();
  const sims = await startSims({
    volcSeed: {
      projects: Array.from({ length: SUBS }, (_, i) => ({ projectName: `proj-${i}` })),
      users: Array.from({ length: SUBS }, (_, i) => ({ userName: team(i), accessKeys: [{}] })),
    },
  });
  let server: Child | undefined;
  const windows: Array<[number, number]> = [];
  try {
    const env = productionEnv(sims, db, { LOG_LEVEL: 'warn' });
    const migrate = airgate(['wait-db', '--migrate'], env);
    if ((await migrate.exited).code !== 0) throw new Error(migrate.stderr());
    await seed(sims, env, db, { subs: SUBS, requests: REQUESTS });
    server = airgate(['serve', '--no-scheduler', '--port', '0', '--host', '127.0.0.1'], env);
    const url = (await server.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!;
    sims.feishu.setEventUrl(`${url}/feishu/events`);

    const applications = Array.from({ length: REQUESTS }, (_, i) => ({
      from: who.lead.openId,
      text: `apply ${team(i % SUBS)} 10 bench request ${i}`,
    }));
    await pool(applications, 4, (m) => sims.feishu.say(m));
    const cards = await until(
      'every request card',
      () => {
        const found = sims.feishu.messages({ chatId: ALERTS }).filter((m) => approveValue(m) !== undefined);
        return found.length >= REQUESTS ? found : undefined;
      },
      300_000,
    );
    await settle(db);

    const questions = async () =>
      Number((await rows(db, "SHOW GLOBAL STATUS LIKE 'Questions'"))[0]?.Value ?? NaN);
    const pid = server.proc.pid!;
    const form = { formValue: { approve_amount: '10.00', approve_note: '' } };
    const halves: Half[] = [
      { label: 'one approver clicks', cpuMs: 0, statements: 0, answersMs: [] },
      { label: 'two approvers click at once', cpuMs: 0, statements: 0, answersMs: [] },
    ];
    for (const [i, card] of cards.entries()) {
      const half = halves[i < cards.length / 2 ? 0 : 1]!;
      const people = half === halves[0] ? [who.approver1] : [who.approver1, who.approver2];
      const value = approveValue(card)!;
      const q0 = await questions();
      const cpu0 = cpuMs(pid);
      const from = Number(process.hrtime.bigint() / 1000n);
      const started = performance.now();
      await Promise.all(
        people.map((p) => sims.feishu.click({ from: p.openId, messageId: card.messageId, value, ...form })),
      );
      half.answersMs.push(performance.now() - started);
      windows.push([from, Number(process.hrtime.bigint() / 1000n)]);
      half.cpuMs += cpuMs(pid) - cpu0;
      // The counter counts the statement that reads it: one of the two reads is the bench's own.
      half.statements += (await questions()) - q0 - 1;
      await new Promise((r) => setTimeout(r, 250));
    }
    await settle(db);
    console.log(
      `One Approve click, one server on MariaDB, compiled (node ${process.version}), ${cards.length} cards one at a time (${loadAverage()}):`,
    );
    for (const h of halves) {
      const cards = h.answersMs.length;
      const sorted = [...h.answersMs].sort((a, b) => a - b);
      console.log(
        `  ${h.label.padEnd(28)} ${cards} cards: server CPU ${(h.cpuMs / cards).toFixed(2)} ms per card, ` +
          `${(h.statements / cards).toFixed(1)} statements per card, answered p50 ${sorted[sorted.length >> 1]!.toFixed(1)} ms`,
      );
    }
  } finally {
    server?.kill('SIGTERM');
    await server?.exited;
    await sims.close();
    await db.drop();
  }
  const dir = process.env.BENCH_PROFILE;
  if (dir) printProfiles(dir, 25, windows);
}

await main();
