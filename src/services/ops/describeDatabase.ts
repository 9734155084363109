import type { DatabaseConfig } from '../../config/loadConfig.js';

/** Where the database is, for messages: never the user name or password of the URL. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.type === 'sqlite') return `sqlite:${db.path}`;
  try {
    const u = new URL(db.url);
    return `mysql://${u.hostname}:${u.port || '3306'}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'mysql://(unparsable URL)';
  }
}

/** The database name of a MySQL URL ('' when it names none). */
export function databaseName(db: DatabaseConfig): string {
  if (db.type === 'sqlite') return '';
  try {
    return decodeURIComponent(new URL(db.url).pathname.replace(/^\//, ''));
  } catch {
    return '';
  }
}
