import { urgentFailedCard } from '../../../cards/urgentFailed.js';
import type { Renderer } from '../notifications/notifier.js';

/** The card an urgent call that kept failing leaves behind. */
export const urgentRenderers: { 'urgent.failed': Renderer<'urgent.failed'> } = {
  'urgent.failed': (v, locale) => urgentFailedCard(v, locale),
};
