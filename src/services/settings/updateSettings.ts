import { isDeepStrictEqual } from 'node:util';
import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { actorId, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { readSettings } from './getSettings.js';
import { SETTING_KEYS, settingsPatchSchema, type Settings } from './schema.js';

export type UpdateSettingsInput = { actor: Actor; patch: unknown; requestId?: string };
export type UpdateSettingsResult = { settings: Settings; changed: Array<keyof Settings> };

/** Validates a partial update (a bad field is a UsageError naming it), stores what changed, audits once. */
export async function updateSettings(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: UpdateSettingsInput,
): Promise<UpdateSettingsResult> {
  const parsed = settingsPatchSchema.safeParse(input.patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field =
      issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
    throw new UsageError({ reason: 'setting_invalid', params: { field, cause: issue.message } }, { field });
  }
  const patch = parsed.data as Partial<Settings>;
  return inTransaction(deps.db, async (tx) => {
    const before = await readSettings(deps.repos, tx);
    const changed = SETTING_KEYS.filter(
      (k) => patch[k] !== undefined && !isDeepStrictEqual(patch[k], before[k]),
    );
    const now = deps.clock.now();
    for (const key of changed) {
      const value = patch[key];
      if (value === null) await deps.repos.settings.remove(tx, key);
      else await deps.repos.settings.put(tx, key, value, actorId(input.actor), now);
    }
    const after = { ...before, ...Object.fromEntries(changed.map((k) => [k, patch[k]])) } as Settings;
    if (changed.length > 0) {
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: 'settings.update',
        target: { type: 'settings', id: 'global' },
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        requestId: input.requestId,
      });
    }
    return { settings: after, changed };
  });
}
