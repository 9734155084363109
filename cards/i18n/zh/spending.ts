/** Texts of the spending layers (issue 14): bill vs estimate, freshness, corrections. */
export const spending = {
  'spending.reEnabled.corrected':
    '当初按**估算**花费停用；账单出账后实际花费为 **{spent}**，低于额度，AirGate 已撤销停用（账本未因估算改变）。',
  'spending.layers': '已出账 {final}（截至 {finalAsOf}）+ 估算 {estimated}（截至 {estimatedAsOf}）',
  'spending.finalOnly': '已出账 {final}（截至 {finalAsOf}）',
  'spending.burn.unknown': '消耗速度：数据不足',
  'spending.burn.none': '数据不足',
  'spending.lasts.now': '按当前速度 {rate}/小时，约 {eta}后用完',
  'spending.lasts.afterApproval': '{now}；批准 {amount} 后约 {eta}',
  'spending.lasts.idle': '近期没有消费，按当前速度额度不会用完',
  'spending.estimateError': '估算偏差：{list}（已校准）',
  'spending.listSeparator': '、',
} as const;
