import { loadConfig, type Config } from '../../config/loadConfig.js';
import { isDemoCredential } from '../../config/demoCredentials.js';
import { AppError } from '../../errors.js';
import { describeDatabase } from '../ops/describeDatabase.js';
import { bi, check, type DoctorCheck } from './types.js';

const TITLE = bi('配置', 'configuration');

/** The environment parsed as `serve` would parse it, plus what is legal but unwise. */
export function checkConfig(env: NodeJS.ProcessEnv): { config?: Config; checks: DoctorCheck[] } {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // The message names each variable and what it expects, never a value.
    const problems = err.message.replace(/\n\s*/g, ' ');
    return {
      checks: [
        check(
          'config',
          'fail',
          TITLE,
          bi(`环境变量有误：${problems}`, `invalid environment: ${problems}`),
          bi(
            '按提示修改这些变量（每个变量的说明见 .env.example）',
            'fix the variables named (each is explained in .env.example)',
          ),
        ),
      ],
    };
  }
  const where = describeDatabase(config.database);
  const summary = `NODE_ENV=${config.env}, ${where}, FEISHU_EVENT_MODE=${config.feishu.eventMode}`;
  const checks = [check('config', 'pass', TITLE, bi(summary, summary))];
  if (config.env === 'production' && config.database.type === 'sqlite') {
    checks.push(
      check(
        'config.database',
        'warn',
        bi('数据库类型', 'database kind'),
        bi(
          '生产环境使用 SQLite：只能运行一个进程，且备份需停机',
          'SQLite in production: one process only, and backups need a stop',
        ),
        bi('将 DATABASE_URL 设为 mysql://…（MySQL 8）', 'set DATABASE_URL to mysql://… (MySQL 8)'),
      ),
    );
  }
  const demo = [config.volc.secretAccessKey, config.feishu.appSecret].some((v) => isDemoCredential(v));
  if (demo) {
    checks.push(
      check(
        'config.demo',
        'warn',
        bi('演示凭据', 'demo credentials'),
        bi(
          '使用的是公开的演示凭据：只能连接模拟器',
          'the public demo credentials are set: they only work with the simulators',
        ),
        bi(
          '生产环境请填入自己的火山引擎密钥和飞书应用凭据',
          'for production, set your own Volcengine key and Feishu app credentials',
        ),
      ),
    );
  }
  return { config, checks };
}
