import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/** Pauses of a project's monitoring and the decision on their spending (src/db/entities/projectPause.ts). */
export class ProjectPauses1796001300000 implements MigrationInterface {
  name = 'ProjectPauses1796001300000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'project_pauses',
        columns: [
          uuidPrimary(),
          varchar('project_id', 36),
          varchar('sub_account_id', 36),
          varchar('account_id', 36),
          varchar('project_name', 64),
          timeColumn(qr, 'paused_at'),
          timeColumn(qr, 'resumed_at', { isNullable: true }),
          varchar('decision', 16, { isNullable: true }),
          varchar('skip_from', 10, { isNullable: true }),
          varchar('skip_to', 10, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ix_project_pauses_project', columnNames: ['project_id', 'resumed_at'] }),
          new TableIndex({ name: 'ix_project_pauses_account', columnNames: ['account_id', 'decision'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('project_pauses');
  }
}
