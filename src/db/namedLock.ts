import { createConnection } from 'mysql2/promise';

/** A MySQL/MariaDB named lock held by a connection of its own. */
export type NamedLock = {
  /** The lock's name on the server. */
  name: string;
  /** One round trip on the lock's connection: fails when the connection (and so the lock) is gone. */
  ping(): Promise<void>;
  /** Releases the lock and closes its connection; never throws. */
  release(): Promise<void>;
};

/**
 * GET_LOCK on a dedicated connection opened for it and closed after it: the lock belongs to the
 * connection, so it must never go back into a pool, and if the process or the connection dies the server
 * frees it. Named locks are server-wide; a `name` function gets the connection's database name, which
 * keeps two installs on one server apart (GET_LOCK names are at most 64 characters). Returns null when
 * another connection still holds the lock after `waitSeconds`.
 */
export async function takeNamedLock(
  url: string,
  name: string | ((database: string) => string),
  waitSeconds: number,
  onConnectionError?: (err: Error) => void,
): Promise<NamedLock | null> {
  const conn = await createConnection({ uri: url });
  if (onConnectionError) conn.on('error', onConnectionError);
  try {
    let lockName: string;
    if (typeof name === 'string') lockName = name;
    else {
      const [dbRows] = await conn.query('SELECT DATABASE() AS db');
      lockName = name(String((dbRows as Array<{ db: string | null }>)[0]?.db ?? '')).slice(0, 64);
    }
    const [rows] = await conn.query('SELECT GET_LOCK(?, ?) AS got', [lockName, waitSeconds]);
    if ((rows as Array<{ got: unknown }>)[0]?.got?.toString() !== '1') {
      await conn.end().catch(() => conn.destroy());
      return null;
    }
    return {
      name: lockName,
      ping: () => conn.query('SELECT 1').then(() => undefined),
      async release() {
        try {
          await conn.query('SELECT RELEASE_LOCK(?)', [lockName]);
          await conn.end();
        } catch {
          conn.destroy();
        }
      },
    };
  } catch (err) {
    conn.destroy();
    throw err;
  }
}
