import type { ParamsIn, VolcRequest } from './client.js';

/**
 * Every action AirGate knows: signing service, version, HTTP method and where the parameters go
 * (volcengine-api.md 1.3, from the Go SDK's operation definitions). The CLI takes its defaults from
 * here; actions/*.ts build their requests from it.
 */
export type ActionDef = {
  service: string;
  version: string;
  method: 'GET' | 'POST';
  paramsIn: ParamsIn;
  idempotent?: boolean;
  /** the wire Action when the catalog key differs (two services share an action name) */
  action?: string;
};

const iamGet: ActionDef = { service: 'iam', version: '2018-01-01', method: 'GET', paramsIn: 'query' };
const iamJson: ActionDef = { service: 'iam', version: '2018-01-01', method: 'POST', paramsIn: 'json' };
const projectGet: ActionDef = { service: 'iam', version: '2021-08-01', method: 'GET', paramsIn: 'query' };
const billing: ActionDef = { service: 'billing', version: '2022-01-01', method: 'POST', paramsIn: 'json' };
/** Ark control plane (ark-api.md §1): every action POST JSON, Action/Version in the query. */
const ark: ActionDef = { service: 'ark', version: '2024-01-01', method: 'POST', paramsIn: 'json' };

export const volcActions = {
  CreateUser: iamGet,
  GetUser: iamGet,
  ListUsers: iamGet,
  UpdateUser: iamGet,
  DeleteUser: iamGet,
  // A retried CreateAccessKey whose first try went through would leave a second secret nobody holds.
  CreateAccessKey: { ...iamGet, idempotent: false },
  ListAccessKeys: iamGet,
  UpdateAccessKey: iamGet,
  DeleteAccessKey: iamGet,
  // IAM API keys (2026): GET with the query, as the Go SDK sends them.
  CreateApiKey: { ...iamGet, idempotent: false },
  ListApiKeys: iamGet,
  UpdateApiKey: iamGet,
  DeleteApiKey: iamGet,
  CreateLoginProfile: iamJson,
  GetLoginProfile: iamGet,
  UpdateLoginProfile: iamJson,
  DeleteLoginProfile: iamGet,
  ListPolicies: iamGet,
  GetPolicy: iamGet,
  CreatePolicy: iamGet,
  AttachUserPolicy: iamGet,
  DetachUserPolicy: iamGet,
  ListAttachedUserPolicies: iamGet,
  ListEntitiesForPolicy: iamGet,
  AttachPolicyInProject: projectGet,
  DetachPolicyInProject: projectGet,
  ListProjects: projectGet,
  GetProject: projectGet,
  CreateProject: projectGet,
  UpdateProject: projectGet,
  DeleteProject: projectGet,
  ListProjectResources: projectGet,
  ListProjectIdentities: projectGet,
  MoveProjectResource: projectGet,
  ListBill: billing,
  ListBillDetail: billing,
  ListBillOverviewByProd: billing,
  ListBillOverviewByCategory: billing,
  ListSplitBillDetail: billing,
  QueryBalanceAcct: billing,
  ListEndpoints: ark,
  GetEndpoint: ark,
  // A retried CreateEndpoint whose first try went through would leave a second endpoint.
  CreateEndpoint: { ...ark, idempotent: false },
  StopEndpoint: ark,
  StartEndpoint: ark,
  UpdateEndpoint: ark,
  GetApiKey: ark,
  GetRawApiKey: ark,
  // IAM (2018-01-01) has its own CreateApiKey/ListApiKeys/UpdateApiKey for its per-user API keys.
  ArkCreateApiKey: { ...ark, action: 'CreateApiKey', idempotent: false },
  ArkListApiKeys: { ...ark, action: 'ListApiKeys' },
  // Regen twice yields two secrets; still safe to repeat: only the last one is ever kept.
  ArkUpdateApiKey: { ...ark, action: 'UpdateApiKey' },
  ListModelChargeItems: ark,
  GetUsage: ark,
  GetInferenceUsage: ark,
} as const satisfies Record<string, ActionDef>;

export type VolcActionName = keyof typeof volcActions;

export function isKnownAction(name: string): name is VolcActionName {
  return Object.hasOwn(volcActions, name);
}

export function volcRequest(action: VolcActionName, params: object = {}): VolcRequest {
  return { action, ...volcActions[action], params: params as Record<string, unknown> };
}

export function callInfo(action: VolcActionName): { action: string; service: string; version: string } {
  const def: ActionDef = volcActions[action];
  return { action: def.action ?? action, service: def.service, version: def.version };
}
