import type { VolcSeed } from './seed.js';

/**
 * The demo account the sandbox and `airgate volc-sim` start with: three teams' projects, four
 * sub-accounts (one already switched off) and model-inference spending running since three days ago.
 */
export function demoVolcSeed(now: Date = new Date()): VolcSeed {
  const since = new Date(now.getTime() - 3 * 86_400_000).toISOString();
  return {
    rngSeed: 20240601,
    billLagMinutes: 60,
    balance: '50000.00',
    projects: [
      { projectName: 'team-research', displayName: '研究组', description: '模型评测与实验' },
      { projectName: 'team-product', displayName: '产品组', description: '线上智能客服' },
      { projectName: 'team-data', displayName: '数据组', description: '数据标注与清洗' },
    ],
    users: [
      {
        userName: 'zhangsan',
        displayName: '张三',
        email: 'zhangsan@example.com',
        accessKeys: [{}],
        loginProfile: {},
        policies: [{ policyName: 'ArkFullAccess', projects: ['team-research'] }],
      },
      {
        userName: 'lisi',
        displayName: '李四',
        accessKeys: [{}],
        policies: [{ policyName: 'ArkFullAccess', projects: ['team-product', 'team-research'] }],
      },
      {
        userName: 'wangwu',
        displayName: '王五',
        accessKeys: [{}, {}],
        loginProfile: {},
        policies: [
          { policyName: 'ArkFullAccess', projects: ['team-data'] },
          { policyName: 'TOSFullAccess', projects: ['team-data'] },
        ],
      },
      {
        userName: 'zhaoliu',
        displayName: '赵六',
        description: '已停用的外包账号',
        accessKeys: [{ status: 'inactive' }],
        policies: [{ policyName: 'ArkReadOnlyAccess', projects: ['team-product'] }],
      },
    ],
    burns: [
      { project: 'team-research', user: 'zhangsan', ratePerHour: '3.20', noise: 0.3, since },
      { project: 'team-research', user: 'lisi', ratePerHour: '0.80', noise: 0.5, since },
      { project: 'team-product', user: 'lisi', ratePerHour: '5.50', noise: 0.2, since },
      { project: 'team-data', user: 'wangwu', ratePerHour: '1.25', noise: 0.1, since },
      { project: 'team-data', user: 'wangwu', ratePerHour: '0.40', product: 'TOS', since },
      { project: 'team-product', user: 'zhaoliu', ratePerHour: '2.00', noise: 0.2, since },
      { project: 'default', ratePerHour: '0.10', product: 'ECS', since },
    ],
  };
}
