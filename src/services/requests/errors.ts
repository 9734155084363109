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
        ? { reason: 'pending_limit_sub_account', params: { name: subject, limit } }
        : { reason: 'pending_limit_requester', params: { limit } },
    );
  }
}
