import type { EntityManager } from 'typeorm';
import { ApprovalCenterSync } from '../entities/approvalCenterSync.js';

export type ApprovalCenterSyncDto = {
  quotaRequestId: string;
  wantedVersion: number;
  syncedVersion: number;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
};

const repo = (m: EntityManager) => m.getRepository(ApprovalCenterSync);

/** The approval centre's sync queue (one row per request; see the entity). */
export const approvalCenterSyncsRepo = {
  /**
   * The request's `version` is to be shown: due now. Called in the transaction of the change, with the
   * request's row locked, so two writers of one request take turns.
   */
  async want(m: EntityManager, quotaRequestId: string, version: number, now: Date): Promise<void> {
    const found = await repo(m).findOneBy({ quotaRequestId });
    if (!found) {
      await repo(m).insert({
        quotaRequestId,
        wantedVersion: version,
        syncedVersion: 0,
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        updatedAt: now,
      });
      return;
    }
    if (found.wantedVersion >= version && found.syncedVersion >= version) return;
    await repo(m).update(
      { quotaRequestId },
      {
        wantedVersion: Math.max(version, found.wantedVersion),
        attempts: 0,
        nextAttemptAt: now,
        updatedAt: now,
      },
    );
  },

  /** Rows whose wanted version has not reached Feishu and whose next attempt is due, oldest first. */
  async due(m: EntityManager, now: Date, limit: number): Promise<ApprovalCenterSyncDto[]> {
    return repo(m)
      .createQueryBuilder('s')
      .where('s.synced_version < s.wanted_version')
      .andWhere('s.next_attempt_at <= :now', { now })
      .orderBy('s.next_attempt_at', 'ASC')
      .limit(limit)
      .getMany();
  },

  async find(m: EntityManager, quotaRequestId: string): Promise<ApprovalCenterSyncDto | null> {
    return repo(m).findOneBy({ quotaRequestId });
  },

  /** Records that Feishu holds `version` (never moves backwards). */
  async markSynced(m: EntityManager, quotaRequestId: string, version: number, now: Date): Promise<void> {
    await repo(m)
      .createQueryBuilder()
      .update()
      .set({ syncedVersion: version, attempts: 0, lastError: null, updatedAt: now })
      .where('quota_request_id = :id AND synced_version < :v', { id: quotaRequestId, v: version })
      .execute();
  },

  async markFailed(
    m: EntityManager,
    quotaRequestId: string,
    f: { attempts: number; nextAttemptAt: Date; error: string },
    now: Date,
  ): Promise<void> {
    await repo(m).update(
      { quotaRequestId },
      {
        attempts: f.attempts,
        nextAttemptAt: f.nextAttemptAt,
        lastError: f.error.slice(0, 255),
        updatedAt: now,
      },
    );
  },
};
