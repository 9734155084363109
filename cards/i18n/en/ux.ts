import type { ux as zh } from '../zh/ux.js';

/** English: the first-ten-minutes texts (quota picker, confirmations, audit, request withdrawal). */
export const ux: Record<keyof typeof zh, string> = {
  'quotaPick.title': 'Choose a sub-account',
  'quotaPick.body': 'You can see the quota of {count} sub-accounts; pick one:',
  'quotaPick.none': 'There is no sub-account to show. Usage: quota NAME',
};
