import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { statementCsv } from '../../../services/statements/lines.js';
import { writeAndGetStatements } from '../../../services/statements/getStatements.js';
import { parsePeriod } from '../../../services/statements/writeStatement.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';

/**
 * `airgate statement 2026-11`: the month-end statement of every main account as CSV (or --json). A month
 * whose bill is final but whose statement the job has not written yet is written now (once, as the job would).
 */
export function registerStatement(program: Command): void {
  withJson(program.command('statement <month>'))
    .description(
      t(
        '月结单（CSV）：每个主账号、子账号与项目的月初额度、分配、扣减、消费（出账账单）、剩余、提醒与停用',
        'month-end statement (CSV): per main account, sub-account and project — quota at the start, allocations, deductions, spending (final bill), remaining, alerts and disables',
      ),
    )
    .action(
      action((month: string, opts: Json) => {
        const period = parsePeriod(month);
        return withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'statement.view');
          const list = await writeAndGetStatements(deps, period);
          out(
            opts,
            () => list,
            () => statementCsv(list.map((s) => ({ period: s.period, account: s.account, lines: s.lines }))),
          );
          for (const s of list)
            if (s.base.error)
              process.stderr.write(
                t(
                  `多维表格写入失败（${s.account}），下次运行会重试：${s.base.error}\n`,
                  `not written to the Base (${s.account}); retried on the next run: ${s.base.error}\n`,
                ),
              );
        });
      }),
    );
}
