import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { layerVersionsRepo } from '../../db/repos/layerVersions.js';
import type { Repos } from '../../db/repos/index.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import {
  storedSubLayersRepo,
  type StoredSubLayers,
  type StoredSubLayersRow,
} from '../../db/repos/storedSubLayers.js';
import { withReader, writeAlone } from '../../db/repos/transaction.js';
import { knownSpend } from '../../domain/quota.js';
import { loadLayersOfMany, storedLayersWindow, type LayerProject, type StoredLayers } from './readLayers.js';

type Window = { days: readonly string[]; finalAsOf: string };

/**
 * What a sub-account's stored layers are computed from besides its main account's layer rows (those have
 * their counter): the open days, and each project's id, main account, monitoring, the day it counts from
 * and name. Its spent is not part of it: the stored figures leave the bill's part out (fromStored adds it).
 * A SHA-256 in hex, the same whatever the projects' order.
 */
export function layersInputsKey(
  window: Window,
  projects: readonly (LayerProject & { id: string })[],
): string {
  const hash = createHash('sha256').update(`${window.finalAsOf}|${window.days.join(',')}`);
  for (const p of [...projects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    hash.update(`\n${p.id}|${p.accountId}|${p.monitored ? 1 : 0}|${p.countsFrom}|${p.projectName}`);
  return hash.digest('hex');
}

/**
 * The layers a sub-account's stored row gives, when it still holds: computed under the counter `version`
 * and from the inputs `key`. Null when it does not (the reader computes them).
 */
export function fromStored(
  stored: StoredSubLayers | null,
  version: number | null,
  window: Window,
  projects: readonly (LayerProject & { id: string })[],
): StoredLayers | null {
  if (!stored || stored.version !== version) return null;
  if (stored.inputsKey !== layersInputsKey(window, projects)) return null;
  const final = knownSpend(projects);
  return {
    spent: final.plus(stored.extra),
    final,
    billed: stored.billed,
    billedAsOf: stored.billedAsOf,
    estimated: stored.extra.minus(stored.billed),
    finalAsOf: window.finalAsOf,
    estimatedAsOf: stored.estimatedAsOf,
  };
}

/** Sub-accounts computed and written together: their rows alone are read (an account may have thousands). */
const CHUNK = 250;

/**
 * Stores the layers of every sub-account of one main account (sub_account_layers), as the REST read would
 * compute them at `now`: run by the watch cycle once it has written the account's layer rows, so that the
 * first read of each sub-account after a cycle reads them by primary key instead of computing them (a
 * statement over five tables and its computation per sub-account, the REST read's costliest case).
 *
 * The counter is read before the rows (five reads per 250 sub-accounts, of their projects' rows only, so
 * that memory stays bounded on an account of thousands): rows read after it can only be newer, so a row
 * stored under a counter that has since moved is never used, and one whose counter still holds was computed
 * from the rows as they are. Left out: sub-accounts without a monitored project (their layers are the bill
 * alone, computed without a statement) and those with a project in another main account (their reader does
 * not keep them either: cachedLayers.ts); their older rows are deleted. Returns how many rows it wrote.
 */
export async function storeSubAccountLayers(
  deps: { db: DataSource; repos: Repos },
  accountId: string,
  now: Date,
  chunkSize = CHUNK,
): Promise<number> {
  const window = storedLayersWindow(now);
  const { version, kept } = await withReader(deps.db, async (m) => {
    const version = await layerVersionsRepo.versionOf(m, accountId);
    const kept: Array<[string, ProjectDto[]]> = [];
    if (version === null) return { version, kept };
    const subs = await deps.repos.subAccounts.list(m, { accountId });
    const projectsOf = await deps.repos.projects.listBySubAccounts(
      m,
      subs.map((s) => s.id),
    );
    for (const sub of subs) {
      const projects = projectsOf.get(sub.id) ?? [];
      if (projects.some((p) => p.monitored) && projects.every((p) => p.accountId === accountId))
        kept.push([sub.id, projects]);
    }
    return { version, kept };
  });
  if (version === null) return 0;
  for (let i = 0; i < kept.length; i += chunkSize) {
    const chunk = new Map(kept.slice(i, i + chunkSize));
    const layers = await withReader(deps.db, (m) =>
      loadLayersOfMany(m, chunk, now, { scope: 'these projects' }),
    );
    const rows = [...chunk].map(([subAccountId, projects]): StoredSubLayersRow => {
      const l = layers.get(subAccountId)!;
      return {
        subAccountId,
        accountId,
        version,
        inputsKey: layersInputsKey(window, projects),
        extra: l.spent.minus(l.final),
        billed: l.billed,
        billedAsOf: l.billedAsOf,
        estimatedAsOf: l.estimatedAsOf,
      };
    });
    await writeAlone(deps.db, (m) => storedSubLayersRepo.saveMany(m, rows, now));
  }
  await writeAlone(deps.db, (m) => storedSubLayersRepo.pruneOlder(m, accountId, version));
  return kept.length;
}
