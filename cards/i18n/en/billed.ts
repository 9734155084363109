import type { billed as zh } from '../zh/billed.js';

/** English texts of the billed-unsplit layer (issue 14). */
export const billed: Record<keyof typeof zh, string> = {
  'billed.layers':
    'billed {final} (to {finalAsOf}) + charged, not yet split {billed} (to {billedAsOf}) + estimated {estimated} (as of {estimatedAsOf})',
  'billed.projectModel': '{model} in {project}',
};
