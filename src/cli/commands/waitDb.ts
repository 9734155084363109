import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { createDataSource } from '../../db/dataSource.js';
import { describeDatabase } from '../../services/ops/describeDatabase.js';
import { migrateExclusively } from '../../services/ops/migrateExclusively.js';
import { waitForDatabase } from '../../services/ops/waitForDatabase.js';
import { t } from '../i18n.js';
import { action } from '../run.js';

/** `airgate wait-db`: what the container entrypoint runs before `serve` or `scheduler`. */
export function registerWaitDb(program: Command): void {
  program
    .command('wait-db')
    .description(
      t(
        '等待数据库可连接（容器启动时使用），可选随后执行待执行的迁移（多副本同时启动也只执行一次）',
        'wait until the database accepts connections (container start), then optionally run pending migrations (once, even with replicas starting together)',
      ),
    )
    .option(
      '--timeout <seconds>',
      t('最多等待的秒数（默认 60）', 'seconds to wait at most (default 60)'),
      '60',
    )
    .option('--migrate', t('就绪后执行待执行的迁移', 'run pending migrations once it is reachable'))
    .action(
      action(async (opts: { timeout: string; migrate?: boolean }) => {
        const config = loadConfig();
        const where = describeDatabase(config.database);
        const timeoutMs = Math.max(0, Number(opts.timeout) || 0) * 1000;
        let said = false;
        await waitForDatabase(config.database, {
          timeoutMs,
          onRetry: (reason) => {
            if (!said)
              process.stderr.write(
                t(`等待数据库 ${where}：${reason}\n`, `waiting for the database ${where}: ${reason}\n`),
              );
            said = true;
          },
        });
        process.stderr.write(t(`数据库已就绪：${where}\n`, `database ready: ${where}\n`));
        if (!opts.migrate) return;
        const db = createDataSource(config.database);
        try {
          const ran = await migrateExclusively({ db, config });
          process.stderr.write(
            ran.length === 0
              ? t('数据库结构已是最新\n', 'database schema is up to date\n')
              : t(
                  `已执行 ${ran.length} 个迁移：${ran.join(', ')}\n`,
                  `applied ${ran.length} migration(s): ${ran.join(', ')}\n`,
                ),
          );
        } finally {
          if (db.isInitialized) await db.destroy();
        }
      }),
    );
}
