/** English: a request's approver route and its steps, on the request card and the approval centre item. */
export const route = {
  'route.leader': 'Approver: {leader}, head of {department}',
  'route.thenUpper': ' (above {threshold}, then {upper})',
  'route.twoSteps': 'Approvers: {leader}, head of {department}, then {upper} (amount above {threshold})',
  'route.upperOnly': 'Approver: {upper}, manager of {leader} (head of {department})',
  'route.noLeader': 'Approver: {department} has no head; an administrator decides',
  'approvalCenter.field.step': 'Progress',
  'audit.kind.quota.request.approveStep': 'request step approved (multi-step route)',
  'route.stepFirst': 'Step 1/{total}: waiting for {who}',
  'route.stepNext': 'Step {done}/{total}: {by} approved, waiting for {who}',
  'route.stepNextChanged':
    'Step {done}/{total}: {by} approved (amount changed to {amount}), waiting for {who}',
  'route.stepDone': 'Step {n}/{total}: {by} approved {amount}',
  'route.toast.stepApproved': 'Approved (step {done}/{total}); waiting for {who}',
  'route.toast.stepWaiting': 'Step {done}/{total} is approved; waiting for {who}',
  'error.request_not_your_step': 'This step is for {who} (step {n}/{total})',
} as const;
