import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn } from './lib/columns.js';

/**
 * A quota request keeps the approver route it was filed with (`route`: the department, its leader and the
 * leader's leader, the people asked in turn) and the steps approved so far (`step_approvals`), so the card
 * and the approval centre show one route and a two-step escalation is decided in order. Requests from
 * before this version have neither: their route is read live, as before.
 */
export class RequestSteps1796001400000 implements MigrationInterface {
  name = 'RequestSteps1796001400000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('quota_requests', [
      new TableColumn(jsonColumn(qr, 'route', { isNullable: true })),
      new TableColumn(jsonColumn(qr, 'step_approvals', { isNullable: true })),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('quota_requests', 'step_approvals');
    await qr.dropColumn('quota_requests', 'route');
  }
}
