/** Chinese: a request's approver route and its steps, on the request card and the approval centre item. */
export const route = {
  'route.leader': '审批人：{department}负责人 {leader}',
  'route.thenUpper': '（超过 {threshold} 再由 {upper} 审批）',
  'route.twoSteps': '审批人：{department}负责人 {leader}，再由 {upper} 审批（金额超过 {threshold}）',
  'route.upperOnly': '审批人：{upper}（{department}负责人 {leader} 的上级）',
  'route.noLeader': '审批人：{department} 部门无负责人，由管理员审批',
  'approvalCenter.field.step': '审批进度',
  'audit.kind.quota.request.approveStep': '同意额度申请的一步（多步审批）',
  'route.stepFirst': '第 1/{total} 步：等待 {who}',
  'route.stepNext': '第 {done}/{total} 步：{by}已同意，等待 {who}',
  'route.stepNextChanged': '第 {done}/{total} 步：{by}已同意（金额改为 {amount}），等待 {who}',
  'route.stepDone': '第 {n}/{total} 步：{by}已同意 {amount}',
  'route.toast.stepApproved': '已同意（第 {done}/{total} 步），等待 {who}',
  'route.toast.stepWaiting': '第 {done}/{total} 步已同意，等待 {who}',
  'error.request_not_your_step': '这一步由 {who} 审批（第 {n}/{total} 步）',
} as const;
