import { createConnection } from 'mysql2/promise';
import { scrubString } from '../log/redact.js';

export type ProbeFailure = { code: string; message: string };

/**
 * One connection and `SELECT 1`; undefined when it worked, else the driver's error code and message
 * (no secret: mysql2 never echoes the password, and the message is scrubbed anyway).
 */
export async function probeMysql(url: string, connectTimeout: number): Promise<ProbeFailure | undefined> {
  try {
    const conn = await createConnection({ uri: url, connectTimeout });
    try {
      await conn.query('SELECT 1');
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
    return undefined;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'error';
    const message = typeof e.message === 'string' ? e.message : String(err);
    return { code, message: scrubString(message).slice(0, 300) };
  }
}
