/** English: Feishu's approval centre (third-party approval) item of a quota request, and the approver route line. */
export const approval = {
  'approvalCenter.definitionName': 'AirGate quota request',
  'approvalCenter.definitionDescription': 'Quota requests for Volcengine sub-accounts, filed through AirGate',
  'approvalCenter.title': 'Quota request · {sub} · {amount}',
  'approvalCenter.field.sub': 'Sub-account',
  'approvalCenter.field.amount': 'Amount',
  'approvalCenter.field.reason': 'Reason',
  'approvalCenter.field.requester': 'Requested by',
  'approvalCenter.field.expires': 'Expires',
  'approvalCenter.field.route': 'Approval route',
  'approvalCenter.field.result': 'Outcome',
  'approvalCenter.field.note':
    'Approving here grants the full amount asked for; to grant less, change the amount on the approval card in Feishu',
  'approvalCenter.result.approved': 'Approved {amount} by {by}',
  'approvalCenter.result.rejected': 'Rejected by {by}',
  'approvalCenter.result.expired': 'Expired without approval',
  'approvalCenter.result.cancelled': 'Withdrawn by {by}',
  'approvalCenter.answer.notAllowed': 'You are not an approver of this request',
  'approvalCenter.answer.selfApprove': 'You cannot decide your own request',
  'approvalCenter.answer.alreadyDecided': 'This request has already been handled',
} as const;
