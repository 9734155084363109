import type { spending as zh } from '../zh/spending.js';

/** Texts of the spending layers (issue 14): bill vs estimate, freshness, corrections. */
export const spending: Record<keyof typeof zh, string> = {
  'spending.reEnabled.corrected':
    'It was disabled on **estimated** spending; the bill now shows **{spent}**, under the quota, so AirGate undid the disable (the ledger never changes because of an estimate).',
  'spending.layers': 'billed {final} (to {finalAsOf}) + estimated {estimated} (as of {estimatedAsOf})',
  'spending.finalOnly': 'billed {final} (to {finalAsOf})',
  'spending.burn.unknown': 'Burn rate: not enough data yet',
  'spending.burn.none': 'not enough data yet',
  'spending.lasts.now': 'At the current {rate}/hour the quota runs out in about {eta}',
  'spending.lasts.afterApproval': '{now}; about {eta} once {amount} is approved',
  'spending.lasts.idle': 'Nothing spent recently: at this rate the quota does not run out',
  'spending.estimateError': 'Estimate error: {list} (calibrated)',
  'spending.listSeparator': ', ',
};
