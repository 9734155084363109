import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Repos } from '../../db/repos/index.js';
import { SETTING_KEYS, defaultSettings, settingFields, storedValueFixups, type Settings } from './schema.js';

/** The settings in force: each stored value that still validates, else its default. */
export async function getSettings(deps: Pick<Deps, 'db' | 'repos'>): Promise<Settings> {
  return withReader(deps.db, (m) => readSettings(deps.repos, m));
}

/** The same, inside a running transaction. */
export async function readSettings(repos: Pick<Repos, 'settings'>, m: EntityManager): Promise<Settings> {
  // A copy the caller may change without changing what the next caller reads (settings are plain data).
  return structuredClone(await parsedSettings(repos, m));
}

/**
 * readSettings(…).thresholds alone (the REST read asks for them on every request): not a copy, but an
 * array no caller can change (frozen), the same one for every reader of one read of the settings.
 */
export async function readThresholds(
  repos: Pick<Repos, 'settings'>,
  m: EntityManager,
): Promise<readonly number[]> {
  return (await parsedSettings(repos, m)).thresholds;
}

/** A read the settings repo reuses is parsed once; callers get copies. */
async function parsedSettings(repos: Pick<Repos, 'settings'>, m: EntityManager): Promise<Settings> {
  const stored = await repos.settings.all(m);
  let parsed = parsedReads.get(stored);
  if (!parsed) parsedReads.set(stored, (parsed = parse(stored)));
  return parsed;
}

const parsedReads = new WeakMap<ReadonlyMap<string, unknown>, Settings>();

function parse(stored: ReadonlyMap<string, unknown>): Settings {
  const out: Record<string, unknown> = { ...defaultSettings };
  for (const key of SETTING_KEYS) {
    if (!stored.has(key)) continue;
    const value = stored.get(key);
    const parsed = settingFields[key].safeParse(storedValueFixups[key]?.(value) ?? value);
    if (parsed.success) out[key] = parsed.data;
  }
  // Handed out as is by readThresholds (readSettings hands out copies).
  out['thresholds'] = Object.freeze([...(out['thresholds'] as number[])]);
  return out as Settings;
}
