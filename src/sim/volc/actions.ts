import type { Caller, SimCore } from './core.js';
import type { Params } from './params.js';

export type ActionContext = { sim: SimCore; params: Params; caller: Caller; nowMs: number };

export type ActionDef = {
  service: 'iam' | 'billing' | 'ark';
  version: string;
  name: string;
  /** read-only actions are allowed by the *ReadOnlyAccess policies */
  readOnly: boolean;
  /** checks IAM itself (Ark: per project), instead of the gateway's account-wide check */
  selfAuthorizing?: boolean;
  handler: (ctx: ActionContext) => unknown;
};

export const IAM_V1 = '2018-01-01';
export const IAM_V2 = '2021-08-01';
export const BILLING_V = '2022-01-01';

export function defineActions(
  service: ActionDef['service'],
  version: string,
  handlers: Record<string, ActionDef['handler']>,
): ActionDef[] {
  return Object.entries(handlers).map(([name, handler]) => ({
    service,
    version,
    name,
    readOnly: /^(List|Get|Query)/.test(name),
    handler,
  }));
}

/** Pagination with Volcengine's Limit/Offset/Total semantics. */
export function page<T>(items: T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}
