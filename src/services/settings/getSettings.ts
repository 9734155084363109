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
  const stored = await repos.settings.all(m);
  const out: Record<string, unknown> = { ...defaultSettings };
  for (const key of SETTING_KEYS) {
    if (!stored.has(key)) continue;
    const value = stored.get(key);
    const parsed = settingFields[key].safeParse(storedValueFixups[key]?.(value) ?? value);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Settings;
}
