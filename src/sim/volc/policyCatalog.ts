/** The system policies every Volcengine account has (the common subset AirGate may grant). */
export type PolicyDef = {
  policyName: string;
  policyType: 'System' | 'Custom';
  description: string;
  category: string;
  policyDocument: string;
  createDate: Date;
  updateDate: Date;
};

const allow = (actions: string[]): string =>
  JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: ['*'] }] });

const CATALOGUE_DATE = new Date('2021-06-01T00:00:00Z');

const system: Array<[string, string, string, string[]]> = [
  ['AdministratorAccess', '管理员权限，拥有账号下全部资源的所有操作权限', '通用', ['*']],
  ['ReadOnlyAccess', '只读权限，可查看账号下全部资源', '通用', ['*:Get*', '*:List*', '*:Describe*']],
  ['ArkFullAccess', '火山方舟的全部管理权限', '人工智能', ['ark:*']],
  ['ArkReadOnlyAccess', '火山方舟的只读权限', '人工智能', ['ark:Get*', 'ark:List*']],
  ['TOSFullAccess', '对象存储的全部管理权限', '存储', ['tos:*']],
  ['TOSReadOnlyAccess', '对象存储的只读权限', '存储', ['tos:Get*', 'tos:List*', 'tos:HeadObject']],
  ['IAMFullAccess', '访问控制的全部管理权限', '安全与身份', ['iam:*']],
  ['IAMReadOnlyAccess', '访问控制的只读权限', '安全与身份', ['iam:Get*', 'iam:List*']],
  ['BillingCenterFullAccess', '费用中心的全部管理权限', '费用中心', ['billing:*']],
  ['BillingCenterReadOnlyAccess', '费用中心的只读权限', '费用中心', ['billing:List*', 'billing:Query*']],
  ['ECSFullAccess', '云服务器的全部管理权限', '计算', ['ecs:*']],
  ['ECSReadOnlyAccess', '云服务器的只读权限', '计算', ['ecs:Describe*']],
  ['VPCFullAccess', '私有网络的全部管理权限', '网络', ['vpc:*']],
  ['VPCReadOnlyAccess', '私有网络的只读权限', '网络', ['vpc:Describe*']],
  ['VKEFullAccess', '容器服务的全部管理权限', '容器', ['vke:*']],
  ['MLPlatformFullAccess', '机器学习平台的全部管理权限', '人工智能', ['ml_platform:*']],
];

export const systemPolicies: ReadonlyMap<string, PolicyDef> = new Map(
  system.map(([name, description, category, actions]) => [
    name,
    {
      policyName: name,
      policyType: 'System' as const,
      description,
      category,
      policyDocument: allow(actions),
      createDate: CATALOGUE_DATE,
      updateDate: CATALOGUE_DATE,
    },
  ]),
);

export function policyTrn(accountId: number, p: Pick<PolicyDef, 'policyName' | 'policyType'>): string {
  return p.policyType === 'System'
    ? `trn:iam::policy/${p.policyName}`
    : `trn:iam::${accountId}:policy/${p.policyName}`;
}
