import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';

/** Who may appear as an operator: members by open_id, API keys by id. */
export type OperatorDirectory = {
  members: ReadonlyArray<{ openId: string; name: string }>;
  apiKeys: ReadonlyArray<{ id: string; name: string }>;
};

/** An operator string ("feishu:ou_…", "apikey:<id>", "cli:<user>", "system") split at its first colon. */
function splitOperator(operator: string): { kind: string; id: string } {
  const at = operator.indexOf(':');
  return at < 0 ? { kind: operator, id: '' } : { kind: operator.slice(0, at), id: operator.slice(at + 1) };
}

/**
 * People and systems as cards show them: a member's name for "feishu:ou_…", an API key's name for
 * "apikey:<id>" ("API key <name>", or its id's start when the key is gone), "CLI <user>", "system";
 * unknown open ids stay as they are.
 */
export function operatorNamer(dir: OperatorDirectory): (operator: string | null | undefined) => string {
  const byOpenId = new Map(dir.members.map((x) => [x.openId, x.name]));
  const byKeyId = new Map(dir.apiKeys.map((k) => [k.id, k.name]));
  return (operator) => {
    if (!operator) return '-';
    const { kind, id } = splitOperator(operator);
    if (kind === 'feishu') return byOpenId.get(id) ?? id;
    if (kind === 'apikey') return `API key ${byKeyId.get(id) ?? id.slice(0, 8)}`;
    if (kind === 'cli') return `CLI ${id}`;
    return operator;
  };
}

/** The namer over the members and API keys `m` sees (e.g. a transaction's, to name what it committed). */
async function operatorNamerIn(
  deps: Pick<Deps, 'repos'>,
  m: EntityManager,
): Promise<(operator: string | null | undefined) => string> {
  return operatorNamer({
    members: await deps.repos.members.list(m),
    apiKeys: await deps.repos.apiKeys.list(m),
  });
}

/**
 * The namer for a few known operators only (e.g. a request's requester and decider): reads just those
 * members and keys, one statement for the members and one for the keys (none for a kind not asked for),
 * not the whole tables — it runs once per request in the request sweeps.
 */
export async function operatorNamerFor(
  deps: Pick<Deps, 'repos'>,
  m: EntityManager,
  operators: ReadonlyArray<string | null | undefined>,
): Promise<(operator: string | null | undefined) => string> {
  const openIds = new Set<string>();
  const keyIds = new Set<string>();
  for (const op of operators) {
    if (!op) continue;
    const { kind, id } = splitOperator(op);
    if (kind === 'feishu') openIds.add(id);
    else if (kind === 'apikey') keyIds.add(id);
  }
  return operatorNamer({
    members: await deps.repos.members.findByOpenIds(m, [...openIds]),
    apiKeys: await deps.repos.apiKeys.findByIds(m, [...keyIds]),
  });
}

/** The namer over the members and API keys stored now (a fresh read, or in `m`). */
export async function loadOperatorNamer(
  deps: Pick<Deps, 'db' | 'repos'>,
  m?: EntityManager,
): Promise<(operator: string | null | undefined) => string> {
  return m ? operatorNamerIn(deps, m) : withReader(deps.db, (r) => operatorNamerIn(deps, r));
}
