import type { EntityManager } from 'typeorm';
import { ApiKey } from '../entities/apiKey.js';

/** What callers see of a key: never its hash. */
export type ApiKeyDto = Omit<ApiKey, 'keyHash'>;

const toDto = ({ keyHash: _hash, ...rest }: ApiKey): ApiKeyDto => rest;
const repo = (m: EntityManager) => m.getRepository(ApiKey);

export const apiKeysRepo = {
  async insert(m: EntityManager, row: ApiKey): Promise<ApiKeyDto> {
    await repo(m).insert(row);
    return toDto(row);
  },

  /** The key and its hash, found by the visible prefix (for verification only). */
  async findForVerification(
    m: EntityManager,
    prefix: string,
  ): Promise<{ key: ApiKeyDto; keyHash: string } | null> {
    const row = await repo(m).findOneBy({ prefix });
    return row ? { key: toDto(row), keyHash: row.keyHash } : null;
  },

  async findById(m: EntityManager, id: string): Promise<ApiKeyDto | null> {
    const row = await repo(m).findOneBy({ id });
    return row ? toDto(row) : null;
  },

  async findActiveByName(m: EntityManager, name: string): Promise<ApiKeyDto[]> {
    const rows = await repo(m)
      .createQueryBuilder('k')
      .where('k.name = :name AND k.revoked_at IS NULL', { name })
      .getMany();
    return rows.map(toDto);
  },

  async list(m: EntityManager): Promise<ApiKeyDto[]> {
    return (await repo(m).find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(toDto);
  },

  /** true when this call revoked it (false when already revoked). */
  async revoke(m: EntityManager, id: string, by: string, now: Date): Promise<boolean> {
    const r = await repo(m)
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: now, revokedBy: by })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return r.affected === 1;
  },

  /** Records use at most once per `every` ms, so busy keys do not write on every request. */
  async touch(m: EntityManager, id: string, now: Date, everyMs = 60_000): Promise<void> {
    await repo(m)
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: now })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :cutoff)', {
        id,
        cutoff: new Date(now.getTime() - everyMs),
      })
      .execute();
  },
};
