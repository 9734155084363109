import type { ApiScope, Role } from '../domain/roles.js';

export { API_SCOPES, ROLES, type ApiScope, type Role } from '../domain/roles.js';

/** Who acts: the same type reaches every use case from the bot, the REST API, the CLI and the jobs. */
export type FeishuActor = { kind: 'feishu'; openId: string; name?: string; roles: Role[] };
export type ApiKeyActor = { kind: 'apiKey'; keyId: string; name: string; scopes: ApiScope[] };
export type CliActor = { kind: 'cli'; osUser: string };
export type SystemActor = { kind: 'system'; job?: string };
export type Actor = FeishuActor | ApiKeyActor | CliActor | SystemActor;

/** The operator string stored in the ledger and the audit log: "feishu:ou_…", "apikey:<id>", "cli:<user>", "system". */
export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case 'feishu':
      return `feishu:${actor.openId}`;
    case 'apiKey':
      return `apikey:${actor.keyId}`;
    case 'cli':
      return `cli:${actor.osUser}`;
    case 'system':
      return 'system';
  }
}

/** The ledger source that matches an actor when the caller does not say (a card click says 'card'). */
export function defaultSource(actor: Actor): 'chat' | 'api' | 'cli' | 'system' {
  return actor.kind === 'feishu' ? 'chat' : actor.kind === 'apiKey' ? 'api' : actor.kind;
}

export const systemActor: SystemActor = { kind: 'system' };
