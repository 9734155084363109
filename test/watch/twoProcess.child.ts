// One AirGate process for the two-process test: runs spending cycles and delivers the outbox in a loop
// until the file named by AIRGATE_STOP_FILE exists. Started by twoProcess.test.ts with `node --import tsx`.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { OutboxRelay } from '../../src/feishu/relay.js';
import { createLogger } from '../../src/log/logger.js';
import { runSpendingCheck } from '../../src/services/watch/runSpendingCheck.js';

const stopFile = process.env.AIRGATE_STOP_FILE ?? '';
const name = process.env.AIRGATE_CHILD ?? 'child';
const deps = createDeps(loadConfig(process.env), { log: createLogger('warn') });
await initDeps(deps, { migrate: false });
if (!deps.feishu) throw new Error('Feishu not configured');
const relay = new OutboxRelay(
  { db: deps.db, clock: deps.clock, log: deps.log, sender: deps.feishu.sender, outbox: deps.outbox },
  { perKeyIntervalMs: 0, backoffBaseMs: 20, backoffMaxMs: 200 },
);
let ran = 0;
let busy = 0;
process.stdout.write('ready\n');
while (!existsSync(stopFile)) {
  const r = await runSpendingCheck(deps, { trigger: name, tuning: { billingQps: 0 } });
  if (r.ran) {
    ran++;
    process.stdout.write(`cycle ${r.cycleId} ${r.durationMs}ms\n`);
  } else busy++;
  await relay.runOnce();
  await sleep(5 + Math.random() * 25);
}
for (let i = 0; i < 20; i++) await relay.runOnce();
process.stdout.write(`${JSON.stringify({ name, ran, busy })}\n`);
await closeDeps(deps);
