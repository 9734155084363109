import { In, type EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { preparedRead } from '../prepared.js';
import { batchedRows, textsByCount, type BatchedRead } from './batchedReads.js';
import { ApiKey } from '../entities/apiKey.js';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

/** What callers see of a key: never its hash. */
export type ApiKeyDto = Omit<ApiKey, 'keyHash'>;

const toDto = ({ keyHash: _hash, ...rest }: ApiKey): ApiKeyDto => rest;
const repo = (m: EntityManager) => m.getRepository(ApiKey);
// What verification needs, and no more (who made or revoked the key is not asked), with the prefix the row
// was found by: a statement checks the keys of every request that arrived at once (batchedReads.ts).
const KEY_READ: BatchedRead = {
  sqlFor: textsByCount(
    (values) =>
      `SELECT prefix, id, name, key_hash, scopes, last_used_at, revoked_at FROM api_keys WHERE prefix IN (${values})`,
  ),
  argOf: (r) => r['prefix'],
};

type Raw = Record<string, unknown>;

/**
 * A read that travels with an API key's check: a hot REST route's first read, asked for with the key's row
 * so that both go to the database together. On MySQL, with `batch`, the two are sent at once, each batched
 * with the same reads of the other requests that arrived at the same time (batchedReads.ts); on SQLite,
 * where a statement costs no round trip, the read runs after the key's row, and only if there is one. Rows
 * come unordered on MySQL: `parse` puts them in order.
 */
export type KeyedRead<T> = {
  /**
   * One SELECT with `?` placeholders, in the MySQL dialect: a fixed text, since MySQL runs it as a
   * prepared statement (preparedRead); values go in `args`.
   */
  sql: string;
  /** The same read for SQLite, when its dialect differs. */
  sqliteSql?: string;
  args: unknown[];
  /** The same rows as `sql` gives, for many values of its one argument (`args[0]`) at once (MySQL). */
  batch?: BatchedRead;
  parse: (rows: Raw[]) => T;
};

/** What a key's check reads of it. */
export type KeyForVerification = {
  key: Pick<ApiKeyDto, 'id' | 'name' | 'scopes' | 'lastUsedAt' | 'revokedAt'>;
  keyHash: string;
};

function keyOf(r: Raw): KeyForVerification {
  const time = (v: unknown) => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;
  const key: KeyForVerification['key'] = {
    id: String(r['id']),
    name: String(r['name']),
    scopes: jsonTransformer.from(r['scopes']) as ApiKeyDto['scopes'],
    lastUsedAt: time(r['last_used_at']),
    revokedAt: time(r['revoked_at']),
  };
  return { key, keyHash: String(r['key_hash']) };
}

/** Runs `read` alone (outside the key check): the same rows `findForVerification` would hand to parse. */
export async function runKeyedRead<T>(m: EntityManager, read: KeyedRead<T>): Promise<T> {
  const sql = isMysql(m.connection) ? read.sql : (read.sqliteSql ?? read.sql);
  return read.parse(await preparedRead(m, sql, read.args));
}

export const apiKeysRepo = {
  async insert(m: EntityManager, row: ApiKey): Promise<ApiKeyDto> {
    await repo(m).insert(row);
    return toDto(row);
  },

  /**
   * The key and its hash, found by the visible prefix (for verification only). Every API request runs
   * this: on MySQL, batched with the checks of the requests that arrived with it (batchedReads.ts).
   */
  async findForVerification(m: EntityManager, prefix: string): Promise<KeyForVerification | null> {
    const [r] = await batchedRows(m, KEY_READ, prefix);
    return r ? keyOf(r) : null;
  },

  /**
   * findForVerification and `read` together (see KeyedRead). The read's rows are the caller's to use only
   * once the key is verified; with no key of this prefix they are not returned.
   */
  async findForVerificationWith<T>(
    m: EntityManager,
    prefix: string,
    read: KeyedRead<T>,
  ): Promise<(KeyForVerification & { read: T }) | null> {
    if (!read.batch || !isMysql(m.connection)) {
      const found = await apiKeysRepo.findForVerification(m, prefix);
      return found && { ...found, read: await runKeyedRead(m, read) };
    }
    const [keys, rows] = await Promise.all([
      batchedRows(m, KEY_READ, prefix),
      batchedRows(m, read.batch, read.args[0]),
    ]);
    const r = keys[0];
    return r ? { ...keyOf(r), read: read.parse(rows) } : null;
  },

  /** The keys among `ids` (one statement; unknown ids are left out). */
  async findByIds(m: EntityManager, ids: readonly string[]): Promise<ApiKeyDto[]> {
    if (ids.length === 0) return [];
    return (await repo(m).findBy({ id: In([...ids]) })).map(toDto);
  },

  /** A key by its visible prefix (unique). */
  async findByPrefix(m: EntityManager, prefix: string): Promise<ApiKeyDto | null> {
    const row = await repo(m).findOneBy({ prefix });
    return row ? toDto(row) : null;
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
