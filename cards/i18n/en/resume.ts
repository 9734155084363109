import type { resume as zh } from '../zh/resume.js';

/** English: resuming a paused project — whether the paused period's spending counts. */
export const resume: Record<keyof typeof zh, string> = {
  'resume.title': 'Before resuming: does the paused period count against the quota?',
  'resume.body':
    "**{name}**'s project **{project}** spent money while it was paused. Choose before resuming:",
  'resume.bodyAll':
    "{count} of **{name}**'s projects spent money while paused. One choice applies to all of them:",
  'resume.line':
    '- **{project}**: paused {pausedAt}, resuming now ({resumeAt}); spending from {from} to {to}: {spending}',
  'resume.spendingUnknown': 'unknown (no complete bill read since the pause)',
  'resume.rule':
    'Rule (Shanghai time): the day of the pause and the day of the resume count in full (the bill is per day and cannot be split by the hour); with "Don\'t count" the whole days between them are left out of the quota. The choice never changes the quota ledger and is written to the audit log.',
  'resume.count': 'Count it',
  'resume.skip': "Don't count",
  'resume.countAll': 'Count all',
  'resume.skipAll': "Don't count any",
  'resume.hint': 'Or type: project toggle {name} {project} on count / skip',
  'resume.hintAll': 'Or type: project toggle-all {name} on count / skip',
  'resume.skipped': '{project}: spending from {from} to {to} does not count',
  'resume.askToast': 'Choose first whether the paused period counts',
  'audit.kind.project.paused_spending': 'paused period counted or not, on resume',
  'resume.soFar': '{spending} (so far; the bill can lag up to 2 days)',
  'resume.counted': '{project}: the paused period counts',
};
