import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { createLogger } from '../../../log/logger.js';
import { action, untilSignal } from '../../run.js';

type Opts = { port: string; feishuPort: string; data: string; as: string; chat: boolean; lang?: string };

const port = (v: string, flag: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} expects 0-65535`);
  return n;
};

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      '在本机运行整个产品：SQLite 上的 AirGate、模拟的火山引擎和飞书、演示数据和终端聊天 / the whole product locally, no credentials',
    )
    .option('--port <port>', "AirGate's port", '3000')
    .option('--feishu-port <port>', "the Feishu simulator's port (airgate chat looks at 18090)", '18090')
    .option(
      '--data <dir>',
      'folder for the sandbox database and log (recreated on every start)',
      'data/sandbox',
    )
    .option('--as <name>', 'who the terminal chat starts as: Alice, Bob, Carol or Dave', 'Alice')
    .option('--no-chat', 'no terminal chat: keep running headless until Ctrl-C')
    .option('--lang <zh|en>', 'language of the tour and the chat (default: AIRGATE_LOCALE or zh)')
    .action(
      action(async (opts: Opts) => {
        const locale = (opts.lang ?? process.env.AIRGATE_LOCALE) === 'en' ? 'en' : 'zh';
        const dataDir = resolve(opts.data);
        const logFile = join(dataDir, 'airgate.log');
        // Loaded here, not at the top: `airgate serve` and `--help` never load the simulators.
        const { startSandbox } = await import('../../../sim/sandbox.js');
        const { tourText } = await import('./sandboxTour.js');
        const { advanceSummary, runSandboxChat } = await import('../sandboxChat.js');
        // Measured, not assumed: the process's age once the code is loaded, and at the tour.
        const loadedAt = process.uptime();
        const sandbox = await startSandbox({
          port: port(opts.port, '--port'),
          feishuPort: port(opts.feishuPort, '--feishu-port'),
          dataDir,
          locale,
          log: createLogger('info', createWriteStream(logFile, { flags: 'w' })),
        });
        const { SANDBOX_ENV_FILE, sandboxEnvFile } = await import('../../../sim/sandbox.js');
        const envFile = join(dataDir, SANDBOX_ENV_FILE);
        writeFileSync(envFile, sandboxEnvFile(sandbox.env), { mode: 0o600 });
        const tour = await tourText(sandbox, locale, {
          logFile,
          envFile,
          seconds: process.uptime(),
          loadSeconds: loadedAt,
          fromSources: import.meta.url.endsWith('.ts'),
        });
        process.stdout.write(`${tour}\n`);
        const stopping = new AbortController();
        const signalled = untilSignal().then(() => stopping.abort());
        if (opts.chat) {
          await runSandboxChat({
            simUrl: sandbox.feishu.url,
            as: opts.as,
            groupId: sandbox.group.chatId,
            people: sandbox.people.map((p) => p.name),
            locale,
            input: process.stdin,
            output: process.stdout,
            tour: () => tour,
            advance: async (ms) => advanceSummary(await sandbox.advance(ms), ms, locale),
            signal: stopping.signal,
          });
        } else await signalled;
        process.stdout.write(locale === 'zh' ? '正在停止…\n' : 'stopping…\n');
        await sandbox.close();
        process.stdin.unref?.();
      }),
    );
}
