import { enforcementRenderers } from './enforcement.js';
import type { Renderers } from './notifier.js';
import { requestRenderers } from './requests.js';
import { statementRenderers } from './statement.js';
import { urgentRenderers } from '../urgent/renderer.js';
import { watchRenderers } from './watch.js';

/** Every notification kind's card (one line per area; the type fails if a kind is missing). */
export const renderers = {
  ...enforcementRenderers,
  ...watchRenderers,
  ...requestRenderers,
  ...statementRenderers,
  ...urgentRenderers,
} satisfies Renderers;
