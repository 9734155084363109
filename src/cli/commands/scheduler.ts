import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { t } from '../i18n.js';
import { action, untilSignal } from '../run.js';

/** The scheduler alone (with the outbox relay that delivers its alerts), for `airgate serve --no-scheduler` setups. */
export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description(
      t(
        '只运行定时消费检查（及告警投递），不启动 HTTP 服务',
        'run only the scheduled spending checks (and alert delivery), no HTTP server',
      ),
    )
    .option('--no-migrate', t('启动时不执行数据库迁移', 'do not run database migrations on start'))
    .option(
      '--tick <seconds>',
      t('检查是否到期的间隔秒数（默认 30）', 'seconds between due checks (default 30)'),
      '30',
    )
    .action(
      action(async (opts: { migrate: boolean; tick: string }) => {
        // Loaded when the command runs: `airgate --help` and the other commands do not pay for it.
        const { closeDeps, createDeps, initDeps } = await import('../../deps.js');
        const { createScheduler } = await import('../../jobs/schedule.js');
        const config = loadConfig();
        // Listen from the start: a SIGTERM during the migrations still ends in a clean exit, not a kill.
        const stopped = untilSignal();
        const deps = createDeps(config);
        try {
          await initDeps(deps, { migrate: opts.migrate && config.migrateOnStart });
          deps.feishu?.relay.start();
          const tickMs = Math.max(1, Number(opts.tick) || 30) * 1000;
          const scheduler = createScheduler(deps, { tickMs, firstTickMs: 1000 });
          await scheduler.start();
          process.stderr.write(
            t('AirGate 定时检查已启动（Ctrl-C 退出）\n', 'AirGate scheduler running (Ctrl-C to stop)\n'),
          );
          await stopped;
          await scheduler.stop();
        } finally {
          await closeDeps(deps);
        }
      }),
    );
}
