import type { EntityManager } from 'typeorm';
import { SubAccountLayer } from '../entities/subAccountLayer.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { batchedRows, textsByCount, type BatchedRead } from './batchedReads.js';
import { utcDateTransformer } from '../transformers.js';

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
// By primary key, for the sub-accounts read at once (batchedReads.ts): after a cycle every sub-account's
// first REST read asks for its row.
const READ: BatchedRead = {
  sqlFor: textsByCount(
    (values) => `SELECT sub_account_id, version, inputs_key, extra, billed, billed_as_of, estimated_as_of
FROM sub_account_layers WHERE sub_account_id IN (${values})`,
  ),
  argOf: (r) => r['sub_account_id'],
};
const time = (v: unknown): Date | null => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;

export const storedSubLayersRepo = {
  /**
   * The sub-account's stored layers, null when it has none (a prepared read by primary key, batched on MySQL
   * with the same read of other sub-accounts asked for at the same time).
   */
  async find(m: EntityManager, subAccountId: string): Promise<StoredSubLayers | null> {
    const [r] = await batchedRows(m, READ, subAccountId);
    if (!r) return null;
    return {
      version: Number(r['version']),
      inputsKey: String(r['inputs_key']),
      extra: money(String(r['extra'])),
      billed: money(String(r['billed'])),
      billedAsOf: time(r['billed_as_of']),
      estimatedAsOf: time(r['estimated_as_of']),
    };
  },

  /**
   * Deletes the account's rows stored under a counter older than `version` (a pass that stored under
   * `version` has rewritten every row still of use: what it left is of a sub-account gone or no longer
   * stored, and a row of an older counter is never used).
   */
  async pruneOlder(m: EntityManager, accountId: string, version: number): Promise<void> {
    await m
      .getRepository(SubAccountLayer)
      .createQueryBuilder()
      .delete()
      .where('account_id = :accountId AND version < :version', { accountId, version })
      .execute();
  },

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
