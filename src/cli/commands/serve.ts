import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { createDeps } from '../../deps.js';
import { startServer } from '../../server.js';
import { action, untilSignal } from '../run.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the AirGate server (HTTP API, Feishu events, scheduler)')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--no-migrate', 'do not run database migrations on start')
    .action(
      action(async (opts: { port?: string; migrate: boolean }) => {
        const config = loadConfig();
        const deps = createDeps(config);
        const server = await startServer(deps, {
          port: opts.port === undefined ? config.port : Number(opts.port),
          migrate: opts.migrate && config.migrateOnStart,
        });
        process.stderr.write(`AirGate listening on ${server.url}\n`);
        await untilSignal();
        await server.close();
      }),
    );
}
