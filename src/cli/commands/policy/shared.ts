import { attachPolicy, detachPolicy, type PolicyChangeResult } from '../../../services/iam/attachPolicy.js';
import type { CliContext, Json } from '../../context.js';

export type ChangeOpts = Json & { type?: string; project?: string; accountWide?: boolean };

export async function change(
  ctx: CliContext,
  verb: 'attach' | 'detach',
  ref: string,
  policy: string,
  opts: ChangeOpts,
): Promise<PolicyChangeResult> {
  const input = {
    actor: ctx.actor,
    subAccountId: (await ctx.subAccount(ref)).id,
    policy,
    policyType: opts.type,
    project: opts.project,
    ...(verb === 'attach' && opts.accountWide ? { accountWide: true } : {}),
    requestId: ctx.requestId(),
  };
  return verb === 'attach' ? attachPolicy(ctx.deps, input) : detachPolicy(ctx.deps, input);
}
