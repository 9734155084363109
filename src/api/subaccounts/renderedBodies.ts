import { RecentMap } from '../../db/recentMap.js';
import type { SubAccountViewRow } from '../../db/repos/subAccountView.js';
import type { StoredLayers } from '../../services/spending/readLayers.js';
import { JsonText } from '../route.js';
import { presentWithLayers } from './present.js';

type Entry = { view: SubAccountViewRow; layers: StoredLayers; thresholds: readonly number[]; body: JsonText };

/**
 * GET /api/v1/subaccounts/{name}'s answer, serialized once per sub-account and sent again while everything
 * it is made of is the same:
 * - the view, by identity: ParsedViews returns the object it parsed before while the rows are equal column
 *   for column (the sub-account, its main account's name, its projects, the layers' counter);
 * - the layers, by identity: cachedSubAccountLayers returns the kept ones while their inputs hold (the
 *   counter, the projects, the open days, a minute at most);
 * - the thresholds, by value (the sub-account's own are in the view; the global ones are read each time).
 * Nothing else goes into the body. A pure memo of the rendering, so one serves every database of a process.
 * The `kept` most recently read sub-accounts are kept: the answer, about a kilobyte each.
 */
export class RenderedBodies {
  private readonly bodies: RecentMap<string, Entry>;
  constructor(kept = 4096) {
    this.bodies = new RecentMap(kept);
  }

  body(view: SubAccountViewRow, layers: StoredLayers, thresholds: readonly number[]): JsonText {
    const id = view.subAccount.id;
    const hit = this.bodies.get(id);
    if (hit && hit.view === view && hit.layers === layers && sameNumbers(hit.thresholds, thresholds))
      return hit.body;
    const body = new JsonText(
      JSON.stringify(
        presentWithLayers(
          {
            subAccount: view.subAccount,
            projects: view.projects,
            balance: view.subAccount.balance,
            thresholds,
          },
          view.accountName,
          layers,
        ),
      ),
    );
    this.bodies.set(id, { view, layers, thresholds, body });
    return body;
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
