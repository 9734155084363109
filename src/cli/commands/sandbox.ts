import type { Command } from 'commander';
import { startSandbox } from '../../sim/sandbox.js';
import { UsageError } from '../../errors.js';
import { action, untilSignal } from '../run.js';

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Run AirGate with SQLite and simulated Volcengine and Feishu: no credentials needed')
    .option('--port <port>', "AirGate's port", '3000')
    .option('--data <dir>', 'folder for the sandbox database', 'data/sandbox')
    .action(
      action(async (opts: { port: string; data: string }) => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError('--port expects 0-65535');
        const sandbox = await startSandbox({ port, dataDir: opts.data });
        const users = sandbox.volc.state().users;
        const env = `VOLC_ENDPOINT=${sandbox.volc.url} VOLC_ACCESS_KEY_ID=${sandbox.volc.credentials.accessKeyId} VOLC_SECRET_ACCESS_KEY=${sandbox.volc.credentials.secretAccessKey}`;
        process.stdout.write(
          [
            'AirGate sandbox is running (Ctrl-C stops everything).',
            `  AirGate               ${sandbox.airgate.url}   (GET /healthz)`,
            `  Volcengine simulator  ${sandbox.volc.url}   (${users.length} sub-accounts: ${users.map((u) => u.userName).join(', ')})`,
            `  Database              ${sandbox.config.database.type === 'sqlite' ? sandbox.config.database.path : 'mysql'}`,
            '',
            'Try, in another shell:',
            `  ${env} npx airgate volc ListUsers`,
            `  curl ${sandbox.airgate.url}/healthz`,
            '',
          ].join('\n'),
        );
        await untilSignal();
        process.stdout.write('stopping…\n');
        await sandbox.close();
      }),
    );
}
