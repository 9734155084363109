import type { Command } from 'commander';
import { scrubString } from '../../log/redact.js';
import type { CheckStatus } from '../../services/doctor/types.js';
import { withJson } from '../context.js';
import { cliLocale, t } from '../i18n.js';
import { action, printJson } from '../run.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** `airgate doctor`: one line per check, a fix on each failure; exit 0 only when nothing failed. */
export function registerDoctor(program: Command): void {
  withJson(program.command('doctor'))
    .description(
      t(
        '检查配置、数据库与迁移、每个火山引擎账号（签名与权限）和飞书应用（凭据、机器人、告警群、事件接收）',
        'check the configuration, database and migrations, each Volcengine account (signature, permissions) and the Feishu app (credentials, bot, alert chat, events)',
      ),
    )
    .option(
      '--timeout <seconds>',
      t('每次网络调用的超时秒数（默认 8）', 'timeout of each network call in seconds (default 8)'),
      '8',
    )
    .action(
      action(async (opts: { json?: boolean; timeout: string }) => {
        // Loaded when the command runs: it brings the Feishu and Volcengine clients along.
        const { runDoctor } = await import('../../services/doctor/runDoctor.js');
        const report = await runDoctor(process.env, {
          timeoutMs: Math.max(1, Number(opts.timeout) || 8) * 1000,
        });
        const lang = cliLocale();
        if (opts.json) {
          printJson({
            ok: report.ok,
            checks: report.checks.map((c) => ({
              id: c.id,
              status: c.status,
              title: c.title[lang],
              detail: scrubString(c.detail[lang]),
              ...(c.fix ? { fix: c.fix[lang] } : {}),
            })),
          });
        } else {
          const lines = report.checks.map((c) => {
            const fix =
              c.fix && (c.status === 'fail' || c.status === 'warn')
                ? ` — ${t('修复', 'fix')}: ${c.fix[lang]}`
                : '';
            return `${MARK[c.status]} ${c.title[lang]}: ${scrubString(c.detail[lang])}${fix}`;
          });
          const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
          const [failed, warned] = [count('fail'), count('warn')];
          const notes = warned > 0 ? t(`，${warned} 项提醒`, `, ${warned} warning(s)`) : '';
          lines.push(
            failed === 0
              ? t(
                  `全部通过（${report.checks.length} 项${notes}）`,
                  `all passed (${report.checks.length} checks${notes})`,
                )
              : t(`${failed} 项未通过${notes}`, `${failed} check(s) failed${notes}`),
          );
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
