import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names, keys and ids compare byte for byte. MySQL's usual collations (utf8mb4_unicode_ci, utf8mb4_0900_ai_ci)
 * ignore case, accents and trailing spaces: `Idempotency-Key: K1` replayed the request made with `k1`,
 * Volcengine users `LISI` and `lisi` collided in the unique index and broke every sync, and
 * `/subaccounts/LISI` or `lisi%20` answered with lisi. Every table is converted to a binary, NO PAD utf8mb4
 * collation, and so is the database default, so tables created by later migrations compare in binary too.
 *
 * SQLite compares text with BINARY unless a column says otherwise (none does): case, accents and trailing
 * spaces already count there, so nothing changes on SQLite.
 */
export class BinaryCollation1796000100000 implements MigrationInterface {
  name = 'BinaryCollation1796000100000';

  async up(qr: QueryRunner): Promise<void> {
    if (isMysql(qr)) await convert(qr, await binaryCollation(qr));
  }

  /** Back to the collation AirGate used before; fails (and changes nothing more) if names now differ only in case. */
  async down(qr: QueryRunner): Promise<void> {
    if (isMysql(qr)) await convert(qr, 'utf8mb4_unicode_ci');
  }
}

function isMysql(qr: QueryRunner): boolean {
  return qr.connection.options.type === 'mysql' || qr.connection.options.type === 'mariadb';
}

/**
 * utf8mb4_bin still ignores trailing spaces (PAD SPACE): "lisi " would find lisi. The NO PAD binary
 * collation is utf8mb4_0900_bin on MySQL 8 and utf8mb4_nopad_bin on MariaDB; utf8mb4_bin only where neither
 * exists (MySQL 5.7), where the edges' name rules keep trailing spaces out.
 */
export async function binaryCollation(qr: QueryRunner): Promise<string> {
  const rows: Array<{ name: string }> = await qr.query(
    `SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS
      WHERE COLLATION_NAME IN ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')`,
  );
  const names = rows.map((r) => r.name);
  return names.includes('utf8mb4_0900_bin')
    ? 'utf8mb4_0900_bin'
    : names.includes('utf8mb4_nopad_bin')
      ? 'utf8mb4_nopad_bin'
      : 'utf8mb4_bin';
}

async function convert(qr: QueryRunner, collation: string): Promise<void> {
  const tables: Array<{ name: string }> = await qr.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'migrations'
      ORDER BY TABLE_NAME`,
  );
  await qr.query(`ALTER DATABASE CHARACTER SET utf8mb4 COLLATE ${collation}`);
  // MySQL and MariaDB refuse to change a column in a foreign key (even with the checks off, on MariaDB):
  // the keys are dropped, the tables converted, the keys put back exactly as they were.
  const keys = await foreignKeys(qr);
  for (const k of keys) await qr.query(`ALTER TABLE \`${k.table}\` DROP FOREIGN KEY \`${k.name}\``);
  for (const { name } of tables) {
    await qr.query(`ALTER TABLE \`${name}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}`);
  }
  for (const k of keys) {
    const cols = (list: string[]) => list.map((c) => `\`${c}\``).join(', ');
    await qr.query(
      `ALTER TABLE \`${k.table}\` ADD CONSTRAINT \`${k.name}\` FOREIGN KEY (${cols(k.columns)}) ` +
        `REFERENCES \`${k.refTable}\` (${cols(k.refColumns)}) ON DELETE ${k.onDelete} ON UPDATE ${k.onUpdate}`,
    );
  }
}

type ForeignKey = {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
};

async function foreignKeys(qr: QueryRunner): Promise<ForeignKey[]> {
  const rows: Array<{
    name: string;
    tbl: string;
    col: string;
    refTable: string;
    refCol: string;
    onDelete: string;
    onUpdate: string;
  }> = await qr.query(
    `SELECT k.CONSTRAINT_NAME AS name, k.TABLE_NAME AS tbl, k.COLUMN_NAME AS col,
            k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refCol,
            r.DELETE_RULE AS onDelete, r.UPDATE_RULE AS onUpdate
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const byName = new Map<string, ForeignKey>();
  for (const r of rows) {
    const id = `${r.tbl}.${r.name}`;
    const k = byName.get(id) ?? {
      name: r.name,
      table: r.tbl,
      columns: [],
      refTable: r.refTable,
      refColumns: [],
      onDelete: r.onDelete,
      onUpdate: r.onUpdate,
    };
    k.columns.push(r.col);
    k.refColumns.push(r.refCol);
    byName.set(id, k);
  }
  return [...byName.values()];
}
