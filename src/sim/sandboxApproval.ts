import type { Deps } from '../deps.js';
import { setupApprovalCenter } from '../feishu/approval/setup.js';
import { withReader } from '../db/repos/transaction.js';
import { systemActor } from '../policies/actor.js';
import { updateSettings } from '../services/settings/updateSettings.js';
import type { FeishuSim } from './feishu/server.js';
import { sandboxPeople } from './sandboxSeed.js';

const person = (key: string) => sandboxPeople.find((p) => p.key === key)!;

/** The sub-account whose requests follow 平台组's route in the sandbox (Carol's team 张三). */
export const SANDBOX_ROUTED_SUB = 'zhangsan';

/**
 * The sandbox's approval centre and org chart: the app granted the approval and contact scopes, two
 * departments (研发中心 led by Alice ⊃ 平台组 led by Dave, a lead without the approver role), AirGate's
 * approval definition created through `setupApprovalCenter` as `airgate setup approval` does, and
 * zhangsan's requests routed to 平台组: Dave decides, and above ¥1,000 Dave then Alice, in turn. Called
 * once after the AirGate seed.
 */
export async function seedSandboxApproval(
  deps: Pick<Deps, 'feishu' | 'db' | 'repos' | 'clock' | 'config'>,
  feishu: FeishuSim,
  airgateUrl: string,
): Promise<void> {
  feishu.setScopes([
    ...feishu.scopes(),
    'approval:approval',
    'contact:contact.base:readonly',
    'contact:department.base:readonly',
    'contact:department.organize:readonly',
    'contact:user.base:readonly',
  ]);
  feishu.contact.seedDepartment({
    departmentId: 'rd',
    name: '研发中心',
    leaderOpenId: person('alice').openId,
  });
  feishu.contact.seedDepartment({
    departmentId: 'platform',
    name: '平台组',
    parentDepartmentId: 'rd',
    leaderOpenId: person('dave').openId,
  });
  await setupApprovalCenter(deps, { actor: systemActor, publicUrl: airgateUrl });
  const [routed] = await withReader(deps.db, (m) => deps.repos.subAccounts.findByName(m, SANDBOX_ROUTED_SUB));
  if (routed)
    await updateSettings(deps, {
      actor: systemActor,
      patch: { approverDepartments: { [routed.id]: 'platform' }, approvalEscalateAbove: '1000' },
    });
}
