/** Chinese: what admins are told about spending AirGate cannot count (account-wide grants, unattributed Ark). */
export const arkAdmin = {
  'policy.uncounted': '账号级授予：{name} 可在其监控的项目之外凭此策略产生消费，这部分消费不计入任何额度。',
  'dashboard.unattributed': '近 7 天未归属的方舟消费：**{amount}**（不计入任何额度）',
  'dashboard.unattributedWhy': '账号级 API Key、临时 Key 或无人监控的项目产生的消费：{projects}',
  'dashboard.unattributedNone': '近 7 天没有未归属的方舟消费。',
  'unattributedWeek.title': '每周未归属消费（{since} 至 {until}）',
} as const;
