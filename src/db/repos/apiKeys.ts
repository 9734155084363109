import { In, type EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { preparedRead } from '../prepared.js';
import { ApiKey } from '../entities/apiKey.js';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

/** What callers see of a key: never its hash. */
export type ApiKeyDto = Omit<ApiKey, 'keyHash'>;

const toDto = ({ keyHash: _hash, ...rest }: ApiKey): ApiKeyDto => rest;
const repo = (m: EntityManager) => m.getRepository(ApiKey);
// What verification needs, and no more: the keyed read repeats these on each of its rows, and every column
// is parsed per row (the prefix is the one looked up; who made or revoked the key is not asked).
const KEY_COLUMNS = 'id, name, key_hash, scopes, last_used_at, revoked_at';
const VERIFY_SQL = `SELECT ${KEY_COLUMNS} FROM api_keys WHERE prefix = ? LIMIT 1`;
// The key's row (prefix is unique) joined to the companion read's rows: one row with NULLs when the read
// finds nothing (airgate_row tells it from a real one), none without the key. The key's columns go by
// names no read uses. No derived table for the key: MariaDB would materialise it (a temporary table per
// request, which cost more than the second round trip it saves); the read's derived tables are merged.
const KEY_ALIASES = KEY_COLUMNS.split(',')
  .map((c) => `k.${c.trim()} AS airgate_key_${c.trim()}`)
  .join(', ');
// Built once per read text (a route's read is a constant), not on every request.
const keyedTexts = new Map<string, string>();
function withKeySql(readSql: string): string {
  let sql = keyedTexts.get(readSql);
  if (sql === undefined)
    keyedTexts.set(
      readSql,
      (sql = `SELECT ${KEY_ALIASES}, c.*
FROM api_keys k
LEFT JOIN (SELECT 1 AS airgate_row, c0.* FROM (${readSql}) c0) c ON 1 = 1
WHERE k.prefix = ?`),
    );
  return sql;
}

type Raw = Record<string, unknown>;

/**
 * A read that travels with an API key's check, so that a hot REST read costs one round trip instead of
 * two. On MySQL both go in one statement (the read as a derived table joined to the key's row); on SQLite,
 * where a statement costs no round trip, the read runs as a second statement. Rows come back unordered
 * on MySQL (an ORDER BY inside a derived table is not kept): `parse` puts them in order.
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
  parse: (rows: Raw[]) => T;
};

/** What a key's check reads of it. */
export type KeyForVerification = {
  key: Pick<ApiKeyDto, 'id' | 'name' | 'scopes' | 'lastUsedAt' | 'revokedAt'>;
  keyHash: string;
};

/** The key's columns by their names in a row: as they are (VERIFY_SQL), or as the keyed read aliases them. */
const keyColumns = (prefix: string) => ({
  id: `${prefix}id`,
  name: `${prefix}name`,
  keyHash: `${prefix}key_hash`,
  scopes: `${prefix}scopes`,
  lastUsedAt: `${prefix}last_used_at`,
  revokedAt: `${prefix}revoked_at`,
});
const PLAIN = keyColumns('');
const ALIASED = keyColumns('airgate_key_');

function keyOf(r: Raw, c: typeof PLAIN): KeyForVerification {
  const time = (v: unknown) => (utcDateTransformer.from(v) as Date | null | undefined) ?? null;
  const key: KeyForVerification['key'] = {
    id: String(r[c.id]),
    name: String(r[c.name]),
    scopes: jsonTransformer.from(r[c.scopes]) as ApiKeyDto['scopes'],
    lastUsedAt: time(r[c.lastUsedAt]),
    revokedAt: time(r[c.revokedAt]),
  };
  return { key, keyHash: String(r[c.keyHash]) };
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

  /** The key and its hash, found by the visible prefix (for verification only). */
  async findForVerification(m: EntityManager, prefix: string): Promise<KeyForVerification | null> {
    // Every API request runs this: a prepared statement, without the query builder's cost per call.
    const [r] = await preparedRead(m, VERIFY_SQL, [prefix]);
    return r ? keyOf(r, PLAIN) : null;
  },

  /**
   * findForVerification and `read` in one round trip. The read's rows are the caller's to use only once the
   * key is verified; with no key of this prefix they are not returned.
   */
  async findForVerificationWith<T>(
    m: EntityManager,
    prefix: string,
    read: KeyedRead<T>,
  ): Promise<(KeyForVerification & { read: T }) | null> {
    if (!isMysql(m.connection)) {
      const found = await apiKeysRepo.findForVerification(m, prefix);
      return found && { ...found, read: await runKeyedRead(m, read) };
    }
    const rows = await preparedRead(m, withKeySql(read.sql), [...read.args, prefix]);
    const first = rows[0];
    if (!first) return null;
    const { key, keyHash } = keyOf(first, ALIASED);
    // The LEFT JOIN gives the read's rows, or one row without them (airgate_row NULL) when it finds none.
    const found = first['airgate_row'] !== null && first['airgate_row'] !== undefined;
    return { key, keyHash, read: read.parse(found ? rows : []) };
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
