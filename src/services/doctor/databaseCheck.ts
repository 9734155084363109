import { existsSync } from 'node:fs';
import type { Deps } from '../../deps.js';
import { databaseName, describeDatabase } from '../ops/describeDatabase.js';
import { pendingMigrations, probeMysql, type ProbeFailure } from '../../db/probe.js';
import { bi, check, type Bilingual, type DoctorCheck } from './types.js';

const REACH = bi('数据库', 'database');
const SCHEMA = bi('数据库迁移', 'database migrations');

/**
 * Reachable (a connection of its own with a short timeout, so a wrong host fails in seconds and each
 * driver error gets its own fix), then the schema: every migration AirGate ships has been run. Reads
 * only: doctor never creates a database file or a table.
 */
export async function checkDatabase(
  deps: Pick<Deps, 'config' | 'db'>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: DoctorCheck[] }> {
  const db = deps.config.database;
  const where = describeDatabase(db);
  if (db.type === 'sqlite' && db.path !== ':memory:' && !existsSync(db.path)) {
    return {
      ready: false,
      checks: [
        check(
          'database',
          'fail',
          REACH,
          bi(`数据库文件不存在：${db.path}`, `the database file does not exist: ${db.path}`),
          bi(
            '运行 airgate migrate 创建它（或检查 DATABASE_URL 的路径）',
            'run `airgate migrate` to create it (or check the path in DATABASE_URL)',
          ),
        ),
      ],
    };
  }
  if (db.type === 'mysql') {
    const failure = await probeMysql(db.url, Math.max(1000, timeoutMs));
    if (failure) {
      const { detail, fix } = explainMysql(failure, where, databaseName(db));
      return { ready: false, checks: [check('database', 'fail', REACH, detail, fix)] };
    }
  }
  const checks = [check('database', 'pass', REACH, bi(`可连接：${where}`, `reachable: ${where}`))];
  try {
    if (!deps.db.isInitialized) await deps.db.initialize();
    const pending = await pendingMigrations(deps.db);
    const total = deps.db.migrations.length;
    if (pending.length > 0) {
      checks.push(
        check(
          'database.migrations',
          'fail',
          SCHEMA,
          bi(
            `${pending.length}/${total} 个迁移未执行：${pending.join(', ')}`,
            `${pending.length} of ${total} migrations not run: ${pending.join(', ')}`,
          ),
          bi(
            '运行 airgate migrate（serve 默认启动时也会执行）',
            'run `airgate migrate` (serve also does on start unless told not to)',
          ),
        ),
      );
      return { ready: false, checks };
    }
    checks.push(
      check('database.migrations', 'pass', SCHEMA, bi(`已是最新（${total} 个）`, `up to date (${total})`)),
    );
    return { ready: true, checks };
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 200) : String(err);
    checks.push(check('database.migrations', 'fail', SCHEMA, bi(`无法读取：${why}`, `cannot read: ${why}`)));
    return { ready: false, checks };
  }
}

function explainMysql(f: ProbeFailure, where: string, name: string): { detail: Bilingual; fix: Bilingual } {
  const host = where.replace(/^mysql:\/\//, '').replace(/\/.*$/, '');
  switch (f.code) {
    case 'ER_BAD_DB_ERROR':
      return {
        detail: bi(`数据库 ${name} 不存在（${where}）`, `the database ${name} does not exist (${where})`),
        fix: bi(
          `创建它：CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;（或改正 DATABASE_URL 中的库名）`,
          `create it: CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; (or correct the name in DATABASE_URL)`,
        ),
      };
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return {
        detail: bi(
          `用户名或密码被拒绝，或该用户无权访问 ${name}（${where}）`,
          `user or password refused, or the user may not use ${name} (${where})`,
        ),
        fix: bi(
          `检查 DATABASE_URL 中的用户名和密码；授权：GRANT ALL ON \`${name}\`.* TO '用户'@'%';`,
          `check the user and password in DATABASE_URL; grant: GRANT ALL ON \`${name}\`.* TO 'user'@'%';`,
        ),
      };
    case 'ECONNREFUSED':
      return {
        detail: bi(`${host} 没有数据库在监听`, `nothing listens at ${host}`),
        fix: bi(
          '启动 MySQL，或改正 DATABASE_URL 中的主机和端口',
          'start MySQL, or correct the host and port in DATABASE_URL',
        ),
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        detail: bi(`找不到主机 ${host}`, `host not found: ${host}`),
        fix: bi(
          '改正 DATABASE_URL 中的主机名（容器内用 compose 服务名，如 mysql）',
          'correct the host in DATABASE_URL (inside compose: the service name, e.g. mysql)',
        ),
      };
    case 'ETIMEDOUT':
      return {
        detail: bi(`连接 ${host} 超时`, `connecting to ${host} timed out`),
        fix: bi('检查网络和防火墙（MySQL 端口 3306）', 'check the network and firewall (MySQL port 3306)'),
      };
    default:
      return {
        detail: bi(
          `无法连接 ${where}：${f.code}: ${f.message}`,
          `cannot connect to ${where}: ${f.code}: ${f.message}`,
        ),
        fix: bi('检查 DATABASE_URL 和数据库服务器的日志', 'check DATABASE_URL and the database server log'),
      };
  }
}
