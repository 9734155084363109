import type { EntityManager } from 'typeorm';
import { SubAccount } from '../entities/subAccount.js';

/** Sub-account writes only the IAM services need (beside subAccounts.ts, which the ledger relies on). */
export const iamSubAccountsRepo = {
  /** Follows a user renamed on Volcengine (matched by its user id). */
  async rename(m: EntityManager, id: string, userName: string, now: Date): Promise<void> {
    await m
      .getRepository(SubAccount)
      .createQueryBuilder()
      .update(SubAccount)
      .set({ userName, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  },
};
