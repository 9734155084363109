import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import type { RunningServer } from '../../server.js';
import { t } from '../i18n.js';
import { action } from '../run.js';

type ServeOptions = {
  port?: string;
  host?: string;
  shutdownTimeout: string;
  migrate: boolean;
  scheduler: boolean;
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      '启动 AirGate 服务（HTTP API、飞书事件、定时检查） / start the server (HTTP API, Feishu events, scheduler)',
    )
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <address>', 'address to listen on (default: HOST, else 127.0.0.1)')
    .option('--shutdown-timeout <seconds>', 'on SIGTERM, exit anyway after this many seconds', '25')
    .option('--no-migrate', 'do not run database migrations on start')
    .option(
      '--no-scheduler',
      'do not run the spending-watch scheduler here (run `airgate scheduler` separately)',
    )
    .action(
      action(async (opts: ServeOptions) => {
        // With the reader of its output gone (`serve 2>&1 | head`), a write fails with EPIPE: that must
        // neither crash the server nor stop its graceful shutdown (the logger drops its lines likewise).
        for (const out of [process.stdout, process.stderr]) out.on('error', () => undefined);
        // Loaded when the command runs: `airgate --help` and the other commands do not pay for it.
        const { createDeps } = await import('../../deps.js');
        const { startServer } = await import('../../server.js');
        const config = loadConfig();
        const deps = createDeps(config);
        const server = await startServer(deps, {
          port: opts.port === undefined ? config.port : Number(opts.port),
          host: opts.host,
          migrate: opts.migrate && config.migrateOnStart,
          scheduler: opts.scheduler,
        });
        process.stderr.write(`AirGate listening on ${server.url}\n`);
        await stopOnSignal(server, Number(opts.shutdownTimeout));
      }),
    );
}

/**
 * Waits for SIGTERM or SIGINT, then closes the server gracefully. A stop that hangs, or a second signal,
 * ends the process anyway: transactions roll back, the cycle lock dies with its connection, unsent outbox
 * rows wait for the next process.
 */
const again = t('再次收到信号，立即退出\n', 'second signal: exiting now\n');

function giveUp(why: string): never {
  process.stderr.write(why);
  process.exit(1);
}

/**
 * Resolves on the first SIGTERM/SIGINT; later ones call `onAgain`. The listeners stay installed throughout:
 * a moment with none lets a library's own signal handler (it re-raises the signal when it believes it is
 * the last listener) kill the process before the graceful stop.
 */
function firstSignal(onAgain: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const handler = (s: NodeJS.Signals) => {
      if (seen) return onAgain();
      seen = true;
      resolve(s);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

async function stopOnSignal(server: RunningServer, timeoutSeconds: number): Promise<void> {
  const signal = await firstSignal(() => giveUp(again));
  process.stderr.write(t(`AirGate 正在停止（${signal}）…\n`, `AirGate stopping (${signal})…\n`));
  const seconds = Math.max(1, timeoutSeconds || 25);
  const late = t(`停止超过 ${seconds} 秒，强制退出\n`, `stop took over ${seconds} s: exiting now\n`);
  setTimeout(() => giveUp(late), seconds * 1000).unref();
  await server.close();
  process.stderr.write(t('AirGate 已停止\n', 'AirGate stopped\n'));
  // Whatever a library leaves behind (a reconnect timer, a socket) must not keep a stopped server alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
}
