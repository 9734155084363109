import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';

/**
 * `airgate setup approval --public-url https://airgate.example.com`: creates the third-party approval
 * definition in Feishu's approval centre (quick approval answered at <url>/feishu/approval/action) and
 * switches the centre on. Safe to run again (after moving AirGate or rotating the app secret).
 */
export function registerSetupApproval(setup: Command): void {
  withJson(setup.command('approval'))
    .description(
      t(
        '在飞书审批中心创建 AirGate 的三方审批定义，并开启审批中心同步',
        "create AirGate's third-party approval definition in Feishu's approval centre and switch syncing on",
      ),
    )
    .requiredOption('--public-url <url>', t('AirGate 对外的 https 地址', "AirGate's public https URL"))
    .option(
      '--code <code>',
      t('审批定义 code（默认 airgate-quota-request）', 'definition code (default airgate-quota-request)'),
    )
    .action(
      action((opts: Json & { publicUrl: string; code?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'settings.manage');
          const { setupApprovalCenter } = await import('../../../feishu/approval/setup.js');
          const r = await setupApprovalCenter(deps, {
            actor,
            publicUrl: opts.publicUrl,
            ...(opts.code ? { code: opts.code } : {}),
            requestId: requestId(),
          });
          out(
            opts,
            () => r,
            () =>
              t(
                `已创建审批定义 ${r.code}；快捷审批回调：${r.callbackUrl}\n`,
                `approval definition ${r.code} created; quick approvals go to ${r.callbackUrl}\n`,
              ),
          );
        }),
      ),
    );
}
