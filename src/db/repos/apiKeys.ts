import type { EntityManager } from 'typeorm';
import { ApiKey } from '../entities/apiKey.js';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

/** What callers see of a key: never its hash. */
export type ApiKeyDto = Omit<ApiKey, 'keyHash'>;

const toDto = ({ keyHash: _hash, ...rest }: ApiKey): ApiKeyDto => rest;
const repo = (m: EntityManager) => m.getRepository(ApiKey);
const VERIFY_SQL = `SELECT id, name, prefix, key_hash, scopes, created_by, created_at, last_used_at, revoked_at,
  revoked_by FROM api_keys WHERE prefix = ? LIMIT 1`;

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
    // Every API request runs this: a plain statement, without the query builder's cost per call.
    const rows = (await m.query(VERIFY_SQL, [prefix])) as Array<Record<string, unknown>>;
    const r = rows[0];
    if (!r) return null;
    const time = (v: unknown) => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;
    const key: ApiKeyDto = {
      id: String(r['id']),
      name: String(r['name']),
      prefix: String(r['prefix']),
      scopes: jsonTransformer.from(r['scopes']) as ApiKeyDto['scopes'],
      createdBy: String(r['created_by']),
      createdAt: time(r['created_at'])!,
      lastUsedAt: time(r['last_used_at']),
      revokedAt: time(r['revoked_at']),
      revokedBy: r['revoked_by'] === null || r['revoked_by'] === undefined ? null : String(r['revoked_by']),
    };
    return { key, keyHash: String(r['key_hash']) };
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
