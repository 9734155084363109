import type { EntityManager } from 'typeorm';
import { SubAccountLayer } from '../entities/subAccountLayer.js';
import { toStoredString, type Money } from '../../domain/money.js';

/** A sub-account's layers as stored by the watch cycle (see SubAccountLayer), as the REST read gets them. */
export type StoredSubLayers = {
  version: number;
  inputsKey: string;
  extra: Money;
  billed: Money;
  billedAsOf: Date | null;
  estimatedAsOf: Date | null;
};

export type StoredSubLayersRow = StoredSubLayers & { subAccountId: string; accountId: string };

const BATCH = 500;

export const storedSubLayersRepo = {
  /** Upserts each sub-account's row (one statement per 500): the newest computation replaces the older. */
  async saveMany(m: EntityManager, rows: readonly StoredSubLayersRow[], now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((r) => ({
        subAccountId: r.subAccountId,
        accountId: r.accountId,
        version: r.version,
        inputsKey: r.inputsKey,
        extra: toStoredString(r.extra),
        billed: toStoredString(r.billed),
        billedAsOf: r.billedAsOf,
        estimatedAsOf: r.estimatedAsOf,
        computedAt: now,
      }));
      await m
        .getRepository(SubAccountLayer)
        .createQueryBuilder()
        .insert()
        .into(SubAccountLayer)
        .values(values)
        .orUpdate(
          [
            'account_id',
            'version',
            'inputs_key',
            'extra',
            'billed',
            'billed_as_of',
            'estimated_as_of',
            'computed_at',
          ],
          ['sub_account_id'],
        )
        .execute();
    }
  },
};
