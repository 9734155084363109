import { unattributedWeekCard } from '../../../cards/dashboard.js';
import { storedErrorText } from '../../../cards/lib/errorText.js';
import { money } from '../../domain/money.js';
import { arkEnforcementCard } from '../../../cards/arkEnforcement.js';
import type { ArkEnforceabilityView } from '../../../cards/lib/arkEnforceability.js';
import type { EnforceabilityNotice } from '../../services/enforcement/notices.js';
import type { Renderer } from './notifier.js';

/** A stored enforceability report as the cards read it (its time back to a Date); null stays null. */
export function enforceabilityView(n: EnforceabilityNotice | null | undefined): ArkEnforceabilityView | null {
  return n ? { ...n, temporaryKeysValidUntil: new Date(n.temporaryKeysValidUntil) } : null;
}

/** The Ark ladder's card, from its stored notice. */
export const enforcementRenderers: {
  'ark.ladder': Renderer<'ark.ladder'>;
  'ark.unattributedWeek': Renderer<'ark.unattributedWeek'>;
} = {
  'ark.unattributedWeek': (v, locale) => unattributedWeekCard(v, locale),
  'ark.ladder': (v, locale) =>
    arkEnforcementCard(
      {
        ...v,
        failures: v.failures.map((f) => ({ ...f, reason: storedErrorText(f.reason, locale) })),
        percent: money(v.percent),
        report: enforceabilityView(v.report),
        at: new Date(v.at),
      },
      locale,
    ),
};
