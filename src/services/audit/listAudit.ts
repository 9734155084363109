import type { Deps } from '../../deps.js';
import type { AuditDto } from '../../db/repos/audit.js';
import { withReader } from '../../db/repos/transaction.js';
import { NotFoundError } from '../../errors.js';
import { operatorNamer } from '../members/operatorNames.js';

export type ListAuditInput = {
  targetType?: string;
  targetId?: string;
  /** One kind exactly ("quota.allocate"), or a family ("quota" → quota.allocate, quota.deduct, …). */
  action?: string;
  /** The stored actor id ("feishu:ou_…", "apikey:…", "cli:…", "system"). */
  actor?: string;
  since?: Date;
  /** Only entries older than this id: the cursor of the next page. */
  before?: number;
  limit?: number;
};

/** The audit log, newest first. */
export async function listAudit(
  deps: Pick<Deps, 'db' | 'repos'>,
  input: ListAuditInput = {},
): Promise<AuditDto[]> {
  return withReader(deps.db, (m) => deps.repos.audit.list(m, repoFilter(input)));
}

function repoFilter(input: ListAuditInput) {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 1001);
  const { action, before, ...rest } = input;
  const kind = action === undefined ? {} : action.includes('.') ? { action } : { actionPrefix: action };
  return { ...rest, ...kind, ...(before !== undefined ? { beforeId: before } : {}), limit };
}

/** One entry as the bot, the API and the CLI show it: names instead of ids, a summary instead of the payload. */
export type AuditEntryView = {
  id: number;
  at: Date;
  actor: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  /** The target's name when it is a sub-account, main account or member that still exists. */
  targetName: string | null;
  /** A few plain fields of what changed ("amount=100"), never a secret; '' when there is nothing to show. */
  summary: string;
  requestId: string | null;
};

export type AuditQuery = {
  /** A sub-account id (resolved by the edge from what was typed). */
  subAccountId?: string;
  /** A person as typed: a member's name or open id, or a stored actor id ("apikey:…", "system"). */
  person?: string;
  kind?: string;
  since?: Date;
  before?: number;
  limit?: number;
};

export type AuditPage = {
  entries: AuditEntryView[];
  nextCursor: number | null;
  /** The person filter as understood: the stored actor id and its name. */
  actor?: { id: string; name: string };
};

/**
 * The audit log as people read it, newest first, filtered and paged: `limit` entries and the cursor of the
 * next page (null on the last). Who did it is named (member, API key); targets are named where known.
 */
export async function readAuditLog(deps: Pick<Deps, 'db' | 'repos'>, q: AuditQuery = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  return withReader(deps.db, async (m) => {
    const members = await deps.repos.members.list(m);
    const apiKeys = await deps.repos.apiKeys.list(m);
    const actor = q.person === undefined ? undefined : actorOf(q.person, members);
    const rows = await deps.repos.audit.list(
      m,
      repoFilter({
        ...(q.subAccountId ? { targetType: 'sub_account', targetId: q.subAccountId } : {}),
        ...(actor ? { actor } : {}),
        ...(q.kind ? { action: q.kind } : {}),
        ...(q.since ? { since: q.since } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        limit: limit + 1,
      }),
    );
    const page = rows.slice(0, limit);
    const name = operatorNamer({ members, apiKeys });
    const subs = new Map<string, string | null>();
    for (const id of new Set(page.filter((r) => r.targetType === 'sub_account').map((r) => r.targetId)))
      subs.set(id, (await deps.repos.subAccounts.findById(m, id))?.userName ?? null);
    const accounts = new Map((await deps.repos.accounts.list(m)).map((a) => [a.id, a.name]));
    const memberNames = new Map(members.map((x) => [x.openId, x.name]));
    const targetName = (r: AuditDto): string | null => {
      if (r.targetType === 'sub_account') return subs.get(r.targetId) ?? null;
      if (r.targetType === 'volc_account') return accounts.get(r.targetId) ?? null;
      if (r.targetType === 'member') return memberNames.get(r.targetId) ?? null;
      if (r.targetType === 'api_key') return apiKeys.find((k) => k.id === r.targetId)?.name ?? null;
      return null;
    };
    return {
      entries: page.map((r) => ({
        id: r.id,
        at: r.createdAt,
        actor: r.actor,
        actorName: name(r.actor),
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        targetName: targetName(r),
        summary: summarize(r.after ?? r.before),
        requestId: r.requestId,
      })),
      nextCursor: rows.length > limit ? page.at(-1)!.id : null,
      ...(actor ? { actor: { id: actor, name: name(actor) } } : {}),
    };
  });
}

/** A person as typed → the stored actor id. An unknown name is refused rather than matching nothing. */
function actorOf(person: string, members: ReadonlyArray<{ openId: string; name: string }>): string {
  const text = person.trim();
  if (/^(feishu|apikey|cli):/.test(text) || text === 'system') return text;
  const byName = members.filter((x) => x.name === text || x.openId === text);
  if (byName.length >= 1) return `feishu:${byName[0]!.openId}`;
  throw new NotFoundError({ reason: 'member_not_found', params: { openId: text } });
}

/** Field names that may hold a secret (or part of one): never shown, whatever their value. */
const SECRET =
  /secret|password|passwd|token|credential|private|sealed|cipher|signature|^sk$|accesskey|access_key/i;
/** Only these plain fields are shown, in this order: what a reader needs to recognise the change. */
const SHOWN = [
  'amount',
  'balance',
  'status',
  'userName',
  'name',
  'projectName',
  'policyName',
  'role',
  'reason',
  'note',
  'enabled',
  'scope',
  'scopes',
] as const;

/** Up to four whitelisted scalar fields of the payload, each cut to 40 characters; secrets never. */
export function summarize(payload: unknown): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return '';
  const record = payload as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of SHOWN) {
    if (parts.length >= 4) break;
    if (SECRET.test(key) || !(key in record)) continue;
    const v = record[key];
    const text =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? v.join(',')
          : undefined;
    if (text === undefined || text === '') continue;
    parts.push(`${key}=${text.length > 40 ? `${text.slice(0, 39)}…` : text}`);
  }
  return parts.join(' ');
}
