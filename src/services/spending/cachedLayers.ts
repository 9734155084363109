import type { DataSource } from 'typeorm';
import { RecentMap } from '../../db/recentMap.js';
import { withReader } from '../../db/repos/transaction.js';
import { storedSubLayersRepo } from '../../db/repos/storedSubLayers.js';
import { SPLIT_BILL_LAG_MS } from '../watch/splitBilling.js';
import { fromStored } from './storeSubLayers.js';
import {
  loadSubAccountLayers,
  storedLayersWindow,
  type LayerProject,
  type StoredLayers,
} from './readLayers.js';

/** Sub-accounts whose layers a process keeps (the least recently read go first): about a kilobyte each. */
const KEPT = 4096;

/**
 * How long kept layers are used at most, whatever the counter says: a bound on what a writer that does not
 * raise it could leave unseen (a process of an older version during an upgrade, a hand-made fix in the
 * database). Real time, not the injected clock: this is a cache, not business time.
 */
const KEPT_MS = 60_000;

type Project = LayerProject & { id: string };
/**
 * What the layers were computed from (see cachedSubAccountLayers), compared field by field on each read. An
 * entry keeps the caller's arrays as they were passed (the read's own, never changed after it): a caller
 * must not change them afterwards.
 */
type Inputs = {
  accountId: string;
  layersVersion: number | null;
  days: readonly string[];
  finalAsOf: string;
  projects: readonly Project[];
};
type Entry = Inputs & { at: number; layers: Promise<StoredLayers> };
const keptByDatabase = new WeakMap<DataSource, RecentMap<string, Entry>>();

/**
 * loadSubAccountLayers for a hot reader (the REST read), kept per sub-account for as long as nothing the
 * figures are computed from has changed (and for a minute at most), so that reading a sub-account again
 * costs no second statement and no computation. What they are computed from, all compared on each read:
 * - the stored layer rows of the main account, through its counter (`layersVersion`, read by the caller
 *   with the projects, before the rows: see layerVersionsRepo, whose counter moves in the same transaction
 *   as any of those rows; null while the account has none);
 * - the projects as the caller just read them (their main account, names, monitoring, the day they count
 *   from, spent);
 * - the window of open days at `now`.
 * Reads of the same inputs at the same time share one read; a failed read is not kept. A sub-account not
 * kept here takes the layers the watch cycle stored for it when they still hold (storeSubLayers.ts: one
 * read by primary key, where computing them is a statement over five tables), and computes them otherwise.
 */
export function cachedSubAccountLayers(
  db: DataSource,
  sub: { id: string; accountId: string },
  projects: readonly Project[],
  layersVersion: number | null,
  now: Date,
  /** storedLayersWindow(now), when the caller has it */
  { days, finalAsOf } = storedLayersWindow(now, SPLIT_BILL_LAG_MS),
): Promise<StoredLayers> {
  // The counter read is the sub-account's main account's: projects of another are read every time.
  if (projects.some((p) => p.accountId !== sub.accountId))
    return withReader(db, (m) => loadSubAccountLayers(m, sub.id, projects, now));
  // What the cycle stored when it still holds (a read by primary key), computed otherwise.
  const load = () =>
    withReader(db, async (m) => {
      const stored = await storedSubLayersRepo.find(m, sub.id);
      const layers = fromStored(stored, layersVersion, { days, finalAsOf }, projects);
      return layers ?? loadSubAccountLayers(m, sub.id, projects, now);
    });
  const inputs: Inputs = { accountId: sub.accountId, layersVersion, days, finalAsOf, projects };
  let kept = keptByDatabase.get(db);
  if (!kept) keptByDatabase.set(db, (kept = new RecentMap(KEPT)));
  const hit = kept.get(sub.id);
  const at = performance.now();
  if (hit && at - hit.at < KEPT_MS && sameInputs(hit, inputs)) return hit.layers;
  const layers = load();
  const entry = { ...inputs, at, layers };
  kept.set(sub.id, entry);
  layers.catch(() => {
    if (kept.peek(sub.id) === entry) kept.delete(sub.id);
  });
  return layers;
}

/** The same figures' inputs: compared without building a key (the REST read runs this on every request). */
function sameInputs(kept: Inputs, now: Inputs): boolean {
  if (
    kept.accountId !== now.accountId ||
    kept.layersVersion !== now.layersVersion ||
    kept.finalAsOf !== now.finalAsOf ||
    kept.days.length !== now.days.length ||
    kept.projects.length !== now.projects.length
  )
    return false;
  if (kept.days !== now.days && kept.days.some((day, i) => day !== now.days[i])) return false;
  // The same array: the REST read's parse hands back the projects it parsed before while their rows are equal.
  if (kept.projects === now.projects) return true;
  return kept.projects.every((p, i) => {
    const q = now.projects[i]!;
    return (
      p.id === q.id &&
      p.accountId === q.accountId &&
      p.projectName === q.projectName &&
      p.monitored === q.monitored &&
      p.countsFrom === q.countsFrom &&
      p.spent.eq(q.spent)
    );
  });
}
