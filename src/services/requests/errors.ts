import { ConflictError } from '../../errors.js';

/**
 * Too many open requests: for one sub-account (wait for a decision: 409) or from one requester (a person or
 * an API key filing faster than approvers decide: 429). Nothing was created and no card was posted.
 */
export class PendingLimitError extends ConflictError {
  constructor(
    readonly scope: 'subAccount' | 'requester',
    readonly limit: number,
    subject: string,
  ) {
    super(
      scope === 'subAccount'
        ? `子账号 ${subject} 已有 ${limit} 个待审批的申请，请等审批后再提交 / ${subject} already has ${limit} pending requests; wait for a decision before filing another`
        : `你已有 ${limit} 个待审批的申请，请等审批后再提交 / you already have ${limit} pending requests; wait for a decision before filing another`,
    );
  }
}
