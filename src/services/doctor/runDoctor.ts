import { closeDeps, createDeps } from '../../deps.js';
import { createLogger } from '../../log/logger.js';
import { checkAlertRoute } from './alertRouteCheck.js';
import { checkAdmins } from './adminsCheck.js';
import { checkConfig } from './configCheck.js';
import { checkDatabase } from './databaseCheck.js';
import { checkFeishu } from './feishuChecks.js';
import { bi, check, type DoctorCheck, type DoctorReport } from './types.js';
import { checkVolcAccounts } from './volcChecks.js';
import { checkArkEnforceability } from './arkChecks.js';
import { checkApprovalFeatures } from './approvalChecks.js';
import { checkFeishuNative } from './feishuNativeChecks.js';
import { checkEstimateError } from './estimateCheck.js';
import { checkBilledRead } from './billedCheck.js';

export type DoctorOptions = {
  /** Per network call (database connect, Volcengine, Feishu). */
  timeoutMs?: number;
};

/**
 * `airgate doctor`: configuration, database and migrations, each Volcengine account, the Feishu app.
 * Reads only — no migration, no settings or account row written, no message sent — so it is safe to run
 * against a live install. `ok` is true when no check failed (warnings do not fail).
 */
export async function runDoctor(env: NodeJS.ProcessEnv, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const timeoutMs = opts.timeoutMs ?? 8000;
  const { config, checks } = checkConfig(env);
  if (!config) {
    const skipped = (id: string, zh: string, en: string) =>
      check(id, 'skip', bi(zh, en), bi('配置有误，未检查', 'not checked: the configuration is invalid'));
    checks.push(
      skipped('database', '数据库', 'database'),
      skipped('volc', '火山引擎账号', 'Volcengine accounts'),
      skipped('feishu', '飞书应用', 'Feishu app'),
      skipped('alerts.route', '告警去向', 'where alerts go'),
    );
    return report(checks);
  }
  // Registers every configured secret with the redactor before any call can echo one.
  const deps = createDeps(config, {
    log: createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'silent'),
  });
  try {
    const database = await checkDatabase(deps, timeoutMs);
    checks.push(...database.checks);
    const ctx = { config, deps, dbReady: database.ready, timeoutMs };
    checks.push(...(await checkAdmins(ctx)));
    checks.push(...(await checkVolcAccounts(ctx)));
    checks.push(...(await checkArkEnforceability(ctx)));
    checks.push(await checkEstimateError(ctx));
    checks.push(await checkBilledRead(ctx));
    checks.push(...(await checkFeishu(ctx)));
    checks.push(await checkAlertRoute(ctx));
    checks.push(...(await checkApprovalFeatures(ctx)));
    checks.push(...(await checkFeishuNative(ctx)));
  } finally {
    await closeDeps(deps).catch(() => undefined);
  }
  return report(checks);
}

function report(checks: DoctorCheck[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
