import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { presentProject } from '../userPresent.js';
import { UsageError } from '../../../errors.js';
import { toggleAllProjects } from '../../../services/projects/toggleAllProjects.js';
import { toggleProject } from '../../../services/projects/toggleProject.js';
import { userArg } from './shared.js';
import { decidedText, pausedChoice, pausedQuestion, presentDecided } from './pausedChoice.js';

/** `airgate project toggle` */
export function registerProjectToggle(project: Command): void {
  withJson(project.command('toggle'))
    .description(
      t(
        '开关项目监控（不监控的项目不计入花费）',
        "turn a project's monitoring on or off (an unmonitored project's spending does not count)",
      ),
    )
    .argument('<user>', userArg)
    .argument('[project]', t('项目名（与 --all 二选一）', 'project name (or --all)'))
    .option('--on', t('开启监控', 'turn monitoring on'))
    .option('--off', t('关闭监控', 'turn monitoring off'))
    .option(
      '--count-paused',
      t('恢复时：暂停期间的消费计入额度', "on resume: the paused period's spending counts against the quota"),
    )
    .option(
      '--skip-paused',
      t(
        '恢复时：暂停期间（暂停日与恢复日之间的整天，上海时间）的消费不计入额度',
        "on resume: the paused period's spending (whole Shanghai days between pause and resume) does not count",
      ),
    )
    .option(
      '--all',
      t(
        '该子账号的全部项目（须配合 --on 或 --off）',
        'every project of the sub-account (with --on or --off)',
      ),
    )
    .action(
      action(
        (
          ref: string,
          name: string | undefined,
          opts: Json & {
            on?: boolean;
            off?: boolean;
            all?: boolean;
            countPaused?: boolean;
            skipPaused?: boolean;
          },
        ) =>
          withCli(async ({ deps, actor, out, subAccount, requestId }) => {
            authorize(actor, 'project.manage');
            if (opts.on && opts.off)
              throw new UsageError(t('--on 与 --off 只能选一个', 'give --on or --off, not both'));
            const monitored = opts.on ? true : opts.off ? false : undefined;
            const pausedSpending = pausedChoice(opts);
            const sub = await subAccount(ref);
            if (opts.all) {
              if (monitored === undefined || name !== undefined) {
                throw new UsageError(
                  t(
                    '--all 须配合 --on 或 --off，且不写项目名',
                    '--all needs --on or --off and no project name',
                  ),
                );
              }
              const r = await toggleAllProjects(deps, {
                actor,
                subAccountId: sub.id,
                monitored,
                ...(pausedSpending ? { pausedSpending } : {}),
                requestId: requestId(),
              });
              if (r.ask) throw pausedQuestion(r.ask);
              out(
                opts,
                () => ({
                  userName: sub.userName,
                  monitored,
                  changed: r.changed,
                  total: r.total,
                  ...presentDecided(r.decided),
                }),
                () =>
                  t(
                    `${sub.userName}：${r.changed.length}/${r.total} 个项目已${monitored ? '开启' : '关闭'}监控\n`,
                    `${sub.userName}: monitoring ${monitored ? 'on' : 'off'} for ${r.changed.length} of ${r.total} project(s)\n`,
                  ) + decidedText(r.decided),
              );
              return;
            }
            if (name === undefined)
              throw new UsageError(t('请写项目名或 --all', 'name a project or give --all'));
            const r = await toggleProject(deps, {
              actor,
              subAccountId: sub.id,
              projectName: name,
              monitored,
              ...(pausedSpending ? { pausedSpending } : {}),
              requestId: requestId(),
            });
            if (r.ask) throw pausedQuestion(r.ask);
            out(
              opts,
              () => ({
                userName: sub.userName,
                ...presentProject(r.project),
                changed: r.changed,
                ...presentDecided(r.decided),
              }),
              () =>
                t(
                  `${sub.userName} 的项目 ${name}：监控${r.project.monitored ? '开启' : '关闭'}\n`,
                  `${sub.userName} project ${name}: monitoring ${r.project.monitored ? 'on' : 'off'}\n`,
                ) + decidedText(r.decided),
            );
          }),
      ),
    );
}
