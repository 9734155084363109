/** Texts of the billed-unsplit layer (issue 14): the bill detail's 5-minute rows beside the split bill. */
export const billed = {
  'billed.layers':
    '已出账 {final}（截至 {finalAsOf}）+ 已计费未分账 {billed}（截至 {billedAsOf}）+ 估算 {estimated}（截至 {estimatedAsOf}）',
  'billed.projectModel': '{project} 的 {model}',
} as const;
