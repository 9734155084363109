/** English: what admins are told about spending AirGate cannot count (account-wide grants, unattributed Ark). */
export const arkAdmin = {
  'policy.uncounted':
    'Account-wide: {name} can now spend outside its monitored projects with this policy, and that spending is counted against no quota.',
  'dashboard.unattributed': 'Unattributed Ark spending, last 7 days: **{amount}** (counted against no quota)',
  'dashboard.unattributedWhy':
    'from account-wide API keys, temporary keys or projects nobody monitors: {projects}',
  'dashboard.unattributedNone': 'No unattributed Ark spending in the last 7 days.',
  'unattributedWeek.title': 'Weekly unattributed spending ({since} to {until})',
} as const;
