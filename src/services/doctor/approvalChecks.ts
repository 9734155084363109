import { getSettings } from '../settings/getSettings.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

/** Either grants the approval centre's instance sync (doc "同步三方审批实例"); the definition needs the first. */
const APPROVAL_SCOPES = ['approval:approval'];
/** Department get: any of these (doc "获取单个部门信息"); the leader fields need ORGANIZE or a broad one. */
const CONTACT_API = [
  'contact:contact.base:readonly',
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
];
const BROAD = [
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
];
const ORGANIZE = 'contact:department.organize:readonly';

/**
 * The scopes of what is switched on: the approval centre (a definition code in settings) needs
 * approval:approval; approvers from the org chart (a department named for a sub-account) need a contact
 * scope and the department-organize field scope, without which Feishu silently leaves out the leader and
 * every request falls back to the configured approvers. Nothing switched on: no check.
 */
export async function checkApprovalFeatures(ctx: DoctorContext): Promise<DoctorCheck[]> {
  const f = ctx.config.feishu;
  if (!ctx.dbReady || !f.appId || !f.appSecret) return [];
  const settings = await getSettings(ctx.deps);
  const centre = settings.approvalCenterCode !== null;
  const org = Object.keys(settings.approverDepartments).length > 0;
  if (!centre && !org) return [];
  const probe = ctx.deps.feishuProbe(
    { appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl },
    { timeoutMs: ctx.timeoutMs },
  );
  const answer = await probe.grantedScopes();
  const out: DoctorCheck[] = [];
  const title = {
    centre: bi('审批中心权限', 'approval centre scopes'),
    org: bi('组织架构权限', 'org chart scopes'),
  };
  if (!answer.ok) {
    const detail = bi(
      `无法读取应用权限：${answer.failure.reason}`,
      `could not read the app's scopes: ${answer.failure.reason}`,
    );
    if (centre) out.push(check('approval.centre.scopes', 'skip', title.centre, detail));
    if (org) out.push(check('approval.org.scopes', 'skip', title.org, detail));
    return out;
  }
  const granted = new Set(answer.value);
  if (centre) {
    const missing = APPROVAL_SCOPES.filter((s) => !granted.has(s));
    out.push(
      missing.length
        ? check(
            'approval.centre.scopes',
            'fail',
            title.centre,
            bi(
              `缺少权限 ${missing.join('、')}：申请无法同步到审批中心`,
              `missing ${missing.join(', ')}: requests cannot reach the approval centre`,
            ),
            bi(
              '在开发者后台开通权限并发布新版本',
              'grant the scope in the developer console and publish a new version',
            ),
          )
        : check(
            'approval.centre.scopes',
            'pass',
            title.centre,
            bi(`审批定义 ${settings.approvalCenterCode}`, `definition ${settings.approvalCenterCode}`),
          ),
    );
  }
  if (org) {
    const api = CONTACT_API.some((s) => granted.has(s));
    const leader = granted.has(ORGANIZE) || BROAD.some((s) => granted.has(s));
    const missing = [...(api ? [] : [CONTACT_API[0]!]), ...(leader ? [] : [ORGANIZE])];
    out.push(
      missing.length
        ? check(
            'approval.org.scopes',
            'fail',
            title.org,
            bi(
              `缺少权限 ${missing.join('、')}：读不到部门负责人，申请将交给配置的审批人`,
              `missing ${missing.join(', ')}: department leaders cannot be read, requests go to the configured approvers`,
            ),
            bi(
              '在开发者后台开通权限，并把这些部门加入应用的通讯录权限范围',
              "grant the scopes and add the departments to the app's contact range",
            ),
          )
        : check(
            'approval.org.scopes',
            'pass',
            title.org,
            bi('可读取部门与负责人', 'departments and their leaders are readable'),
          ),
    );
  }
  return out;
}
