import type { ux as zh } from '../zh/ux.js';

/** English: the first-ten-minutes texts (quota picker, confirmations, audit, request withdrawal). */
export const ux: Record<keyof typeof zh, string> = {
  'quotaPick.title': 'Choose a sub-account',
  'quotaPick.body': 'You can see the quota of {count} sub-accounts; pick one:',
  'enableAsk.title': 'Enable {name}?',
  'enableAsk.body':
    'This sub-account has used {percent}% of its quota: enabled now, the next check disables it again. Allocate quota first?',
  'enableAsk.hint': 'Allocate: `allocate {name} AMOUNT NOTE`; enable anyway: `user enable {name} force`',
  'enableAsk.force': 'Enable anyway',
  'confirm.cancel': 'Cancel',
  'confirm.cancelled.title': 'Cancelled',
  'confirm.cancelled.body': 'Cancelled; nothing was changed.',
  'quotaZero.warn':
    'The quota is 0: the first spending disables it. Allocate quota first: `allocate {name} AMOUNT NOTE` (admins), or `apply {name} AMOUNT REASON`',
  'cmd.withdraw.usage': 'withdraw [ID]',
  'cmd.withdraw.summary': 'withdraw your own pending quota request',
  'request.withdraw': 'Withdraw (requester)',
  'request.noteOrReason': 'Note / reason for rejecting (required to reject)',
  'request.rejectNeedsReason': 'Write the reason for rejecting in "Note / reason" first, then click Reject',
  'request.withdrawn': 'Withdrawn',
  'history.system': 'system',
  'history.by': '{who} ({via})',
  'history.src.chat': 'chat',
  'history.src.card': 'card',
  'history.src.cli': 'CLI',
  'history.src.api': 'API',
  'history.src.system': 'system',
  'alerts.failed': 'not delivered',
};
