import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { envSchema } from '../../../config/schema.js';
import { UsageError } from '../../../errors.js';
import type { VolcSeed } from '../../../sim/volc/seed.js';
import { action, untilSignal } from '../../run.js';

type Opts = { port: string; seed?: string; virtualClock?: boolean; rngSeed?: string; host: string };

async function loadSeed(file: string | undefined): Promise<unknown> {
  if (file === undefined) return (await import('../../../sim/volc/demoSeed.js')).demoVolcSeed();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read seed file ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`seed file ${file} is not valid JSON`);
  }
}

export function registerVolcSim(program: Command): void {
  program
    .command('volc-sim')
    .description('单独运行火山引擎模拟器（IAM、项目、账单） / run the Volcengine simulator alone')
    .option('--port <port>', 'port to listen on', '18080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <file>', 'JSON seed file (default: the demo account)')
    .option('--virtual-clock', 'start a virtual clock at now; it moves only via POST /__sim/clock/advance')
    .option('--rng-seed <n>', 'seed for every random choice (keys, noise, faults)')
    .action(
      action(async (opts: Opts) => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError('--port expects 0-65535');
        const rngSeed = opts.rngSeed === undefined ? undefined : Number(opts.rngSeed);
        if (rngSeed !== undefined && !Number.isInteger(rngSeed))
          throw new UsageError('--rng-seed expects an integer');
        const env = envSchema
          .pick({ VOLC_ACCESS_KEY_ID: true, VOLC_SECRET_ACCESS_KEY: true })
          .parse(process.env);
        const credentials =
          env.VOLC_ACCESS_KEY_ID && env.VOLC_SECRET_ACCESS_KEY
            ? { accessKeyId: env.VOLC_ACCESS_KEY_ID, secretAccessKey: env.VOLC_SECRET_ACCESS_KEY }
            : undefined;
        const seed = await loadSeed(opts.seed);
        // Loaded here, not at the top: `airgate serve` and `--help` never load the simulators.
        const { startVolcSim } = await import('../../../sim/volc/server.js');
        const { VolcSimError } = await import('../../../sim/volc/errors.js');
        const sim = await startVolcSim({
          port,
          host: opts.host,
          seed: seed as VolcSeed,
          ...(credentials ? { credentials } : {}),
          ...(rngSeed !== undefined ? { rngSeed } : {}),
          clock: opts.virtualClock ? { mode: 'virtual', start: new Date() } : { mode: 'real' },
          onUnexpected: (err) => process.stderr.write(`volc-sim: unexpected error: ${String(err)}\n`),
        }).catch((err: unknown) => {
          if (err instanceof VolcSimError) throw new UsageError(`the seed does not fit: ${err.message}`);
          throw err;
        });
        const users = sim.state().users.length;
        process.stdout.write(
          [
            `Volcengine simulator listening on ${sim.url} (${users} users, clock: ${opts.virtualClock ? 'virtual' : 'real'})`,
            `VOLC_ENDPOINT=${sim.url}`,
            `VOLC_ACCESS_KEY_ID=${sim.credentials.accessKeyId}`,
            `VOLC_SECRET_ACCESS_KEY=${sim.credentials.secretAccessKey}`,
            `Admin: GET/POST ${sim.url}/__sim/state, POST /__sim/burns, /__sim/revisions, /__sim/clock/advance, /__sim/faults, /__sim/settings; GET /__sim/calls, /__sim/spend`,
            '',
          ].join('\n'),
        );
        await untilSignal();
        await sim.close();
      }),
    );
}
