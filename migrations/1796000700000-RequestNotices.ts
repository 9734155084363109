import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timeColumn } from './lib/columns.js';

/**
 * What a quota request needs to know about its notices, on the request itself: when its approval card was
 * written for the approvers (`announced_at`) and when its decision reached every copy of that card and the
 * requester (`published_at`). The sweeps read these instead of searching the outbox. Requests from before
 * this version were announced and published by the code of their time, so they start as done.
 */
export class RequestNotices1796000700000 implements MigrationInterface {
  name = 'RequestNotices1796000700000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('quota_requests', [
      new TableColumn(timeColumn(qr, 'announced_at', { isNullable: true })),
      new TableColumn(timeColumn(qr, 'published_at', { isNullable: true })),
    ]);
    await qr.query('UPDATE quota_requests SET announced_at = created_at');
    await qr.query("UPDATE quota_requests SET published_at = decided_at WHERE status <> 'pending'");
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('quota_requests', 'published_at');
    await qr.dropColumn('quota_requests', 'announced_at');
  }
}
