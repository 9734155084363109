import type { cardsux as zh } from '../zh/cardsux.js';

/** English: card buttons for work that had only a chat command (bill bars, allocate, remove / toggle all). */
export const cardsux: Record<keyof typeof zh, string> = {
  'billing.quotaUse': 'Quota used (now, of everything allocated)',
  'billing.quotaLine': '{name}  {spent} of {quota} used',
  'action.allocate': 'Allocate quota',
  'allocate.title': 'Allocate quota · {name}',
  'allocate.amount': 'Amount (CNY)',
  'allocate.amountHint': 'e.g. 500',
  'allocate.note': 'Note',
  'allocate.noteHint': 'Goes into the quota ledger, e.g. "June budget"',
  'allocate.submit': 'Allocate',
  'allocate.hint': 'Takes effect at once as one ledger entry, the same as `allocate {name} AMOUNT NOTE`.',
  'project.remove': 'Remove',
  'project.removeConfirm':
    'Stop watching {project} ({name})? The policies AirGate attached in that project will be detached.',
  'project.ownedBy': "**{name}'s projects**",
  'project.pauseAll': 'Pause all',
  'project.resumeAll': 'Resume all',
  'project.pauseAllConfirm':
    "While paused, nothing {name} spends in any project counts towards the quota, and it won't be disabled for overspending. Continue?",
} as const;
