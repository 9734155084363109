import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbox relay's read of each chat's oldest pending row (outboxRepo.dueHeads) groups the pending rows
 * by order key. With the status first, it reads one entry per key (a loose index scan) or, at worst, the
 * pending rows alone: never the sent ones, which accumulate.
 */
export class OutboxPendingHeads1796001700000 implements MigrationInterface {
  name = 'OutboxPendingHeads1796001700000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'feishu_outbox',
      new TableIndex({ name: 'idx_feishu_outbox_pending', columnNames: ['status', 'order_key', 'id'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('feishu_outbox', 'idx_feishu_outbox_pending');
  }
}
