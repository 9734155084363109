import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { action } from '../run.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('执行待运行的数据库迁移（serve 启动时也会执行） / run pending database migrations')
    .option('--show', 'only list pending migrations')
    .action(
      action(async (opts: { show?: boolean }) => {
        // Loaded when the command runs: `airgate --help` and the other commands do not pay for it.
        const { closeDeps, createDeps } = await import('../../deps.js');
        const deps = createDeps(loadConfig());
        try {
          await deps.db.initialize();
          if (opts.show) {
            const pending = await deps.db.showMigrations();
            process.stdout.write(pending ? 'pending migrations exist\n' : 'database is up to date\n');
            return;
          }
          const ran = await deps.db.runMigrations({ transaction: 'each' });
          process.stdout.write(
            ran.length === 0
              ? 'database is up to date\n'
              : `applied ${ran.length} migration(s):\n${ran.map((m) => `  ${m.name}`).join('\n')}\n`,
          );
        } finally {
          await closeDeps(deps);
        }
      }),
    );
}
