import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { registerSecret } from '../../log/redact.js';
import type { VolcClient } from '../client.js';
import { volcRequest } from '../catalog.js';
import { decimalString, emptyResult, intLike, listOf, optionalDecimal, tagSchema } from './common.js';

/**
 * Volcengine Ark (火山方舟) control plane: service `ark`, version 2024-01-01, POST with a JSON body,
 * Action/Version in the query, the usual HMAC-SHA256 signature and ResponseMetadata envelope
 * (ark-api.md §1, CERTAIN from the Go SDK's service/ark).
 *
 * What each shape rests on (ark-api.md section, label):
 * - ListEndpoints / GetEndpoint / CreateEndpoint / StopEndpoint / GetApiKey: CERTAIN (§3, §4, Go SDK structs).
 * - StartEndpoint / UpdateEndpoint (RateLimit Rpm+Tpm): CERTAIN (§4.3, §4.4, doc pages; not in the SDKs).
 * - ListApiKeys / GetRawApiKey / UpdateApiKey{Id, Regen}: the actions and those fields are CERTAIN
 *   (§2.2–2.6, official veadk and ark-cli code); the other item fields (SID, Status, permissions) are
 *   INFERRED, so they are optional here and nothing must depend on them being present.
 * - Enabling / disabling an Ark API key over OpenAPI: UNKNOWN (§2.7, §10.1). `setArkApiKeyStatus`
 *   sends UpdateApiKey {Id, Status} — the most plausible shape, unverified; callers must survive a refusal.
 * - CreateApiKey request shape: INFERRED (§2.5, third-party code).
 * - GetUsage: CERTAIN (§5.1, beta doc page). GetInferenceUsage: shape INFERRED (§5.2).
 * - ListModelChargeItems: item fields CERTAIN (§5.3, ark-cli prints them raw); request INFERRED.
 * Money (prices) stays a decimal string; no float ever holds it.
 */

/** The bill's product code of Doubao/LLM inference (ark-api.md §6.1, CERTAIN). */
export const ARK_BILL_PRODUCT = 'ark_bd';

/** Every bill product code of Ark (ark-api.md §6.1: ark_bd CERTAIN; the others from ark-cli and FINOPS). */
export const ARK_BILL_PRODUCTS: ReadonlySet<string> = new Set([
  ARK_BILL_PRODUCT,
  'ark_open_source_llm',
  'Doubao-image-generation',
  'Doubao-Seedream',
  'db_research',
  'ark_ym_sanfang',
  'ark_sm_sanfang',
]);

/** Ark list actions: PageNumber (1-based) / PageSize 1–100 / TotalCount (§1, CERTAIN). */
export const ARK_PAGE_SIZE = 100;

/** GetApiKey DurationSeconds upper bound: 30 days (§3, CERTAIN, doc). */
export const ARK_TEMP_KEY_MAX_SECONDS = 2_592_000;

const rateLimitSchema = z.looseObject({ Rpm: intLike.optional(), Tpm: intLike.optional() });
export type ArkRateLimit = { Rpm: number; Tpm: number };
/**
 * The widest RateLimit the API takes: Rpm and Tpm are int32 (GO `RateLimit{Rpm int32, Tpm int32}`, CERTAIN).
 * No call that removes a limit is documented and what 0 means is UNKNOWN (§4.4, §10.5): a limit that was
 * absent is put back as this one (unverified), which is no limit whichever way 0 goes.
 */
export const ARK_RATE_LIMIT_MAX = 2_147_483_647;

/**
 * An endpoint (推理接入点). `Status` wire values: `Running` is CERTAIN; the others (the simulator
 * answers `Stopped`, `Scheduling`, `Failed`) are INFERRED (§4, §10.5), so Status stays a free string.
 */
export const arkEndpointSchema = z.looseObject({
  Id: z.string().min(1),
  Name: z.string().optional(),
  Description: z.string().optional(),
  ProjectName: z.string().optional(),
  Status: z.string(),
  StatusReason: z.string().optional(),
  EndpointModelType: z.string().optional(),
  ModelReference: z
    .looseObject({
      CustomModelId: z.string().optional(),
      FoundationModel: z
        .looseObject({ Name: z.string().optional(), ModelVersion: z.string().optional() })
        .optional(),
    })
    .optional(),
  ModelUnitId: z.string().optional(),
  RateLimit: rateLimitSchema.nullish(),
  SupportRolling: z.boolean().optional(),
  Tags: listOf(tagSchema),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type ArkEndpoint = z.infer<typeof arkEndpointSchema>;

/** Preset endpoints (`ep-m-…`, calls by Model ID) cannot be stopped or started (§4, CERTAIN). */
export function isPresetEndpointId(id: string): boolean {
  return id.startsWith('ep-m-');
}

export function isEndpointRunning(e: Pick<ArkEndpoint, 'Status'>): boolean {
  return e.Status === 'Running';
}

function arkList<T extends z.ZodType>(item: T) {
  return z.looseObject({
    TotalCount: intLike,
    PageNumber: intLike.optional(),
    PageSize: intLike.optional(),
    Items: listOf(item),
  });
}

export const listEndpointsResultSchema = arkList(arkEndpointSchema);
export type ListEndpointsResult = z.infer<typeof listEndpointsResultSchema>;

export type ListEndpointsParams = {
  /** absent: every project the caller can see (§1, CERTAIN for the console/CLI) */
  ProjectName?: string;
  PageNumber?: number;
  PageSize?: number;
  SortBy?: string;
  SortOrder?: 'Asc' | 'Desc';
  TagFilters?: Array<{ Key: string; Values?: string[] }>;
  Filter?: {
    Ids?: string[];
    Name?: string;
    Statuses?: string[];
    EndpointModelTypes?: string[];
    FoundationModelName?: string;
  };
};

function checkPageSize(p: { PageSize?: number | undefined }): void {
  if (p.PageSize !== undefined && !(Number.isInteger(p.PageSize) && p.PageSize >= 1 && p.PageSize <= 100)) {
    throw new UsageError('PageSize: expected 1-100', { field: 'PageSize' });
  }
}

export async function listEndpoints(
  client: VolcClient,
  p: ListEndpointsParams = {},
): Promise<ListEndpointsResult> {
  checkPageSize(p);
  return client.call(volcRequest('ListEndpoints', p), listEndpointsResultSchema);
}

/**
 * Pages through a PageNumber/PageSize/TotalCount list until every item is read. A short page before
 * TotalCount is an error: a missing page must never look like the end of the data.
 */
async function* arkPages<T>(
  action: string,
  pageSize: number,
  fetchPage: (pageNumber: number, pageSize: number) => Promise<{ Items: T[]; TotalCount: number }>,
): AsyncGenerator<T> {
  let seen = 0;
  for (let page = 1; ; page++) {
    const r = await fetchPage(page, pageSize);
    yield* r.Items;
    seen += r.Items.length;
    if (seen >= r.TotalCount) return;
    if (r.Items.length === 0) {
      throw new UsageError(`${action}: empty page ${page} although TotalCount is ${r.TotalCount}`);
    }
  }
}

/** Every endpoint matching the filter (PageSize 100, PageNumber until TotalCount). */
export function listAllEndpoints(
  client: VolcClient,
  p: Omit<ListEndpointsParams, 'PageNumber' | 'PageSize'> = {},
): AsyncGenerator<ArkEndpoint> {
  return arkPages('ListEndpoints', ARK_PAGE_SIZE, (PageNumber, PageSize) =>
    listEndpoints(client, { ...p, PageNumber, PageSize }),
  );
}

export async function getEndpoint(client: VolcClient, p: { Id: string }): Promise<ArkEndpoint> {
  return client.call(volcRequest('GetEndpoint', p), arkEndpointSchema);
}

export type CreateEndpointParams = {
  Name: string;
  ProjectName?: string;
  Description?: string;
  ModelReference: { FoundationModel: { Name: string; ModelVersion?: string } } | { CustomModelId: string };
  RateLimit?: ArkRateLimit;
  Tags?: Array<{ Key: string; Value: string }>;
  Moderation?: { Strategy: 'Default' | 'Basic' };
  DryRun?: boolean;
};

export const createEndpointResultSchema = z.looseObject({ Id: z.string().min(1) });

export async function createEndpoint(client: VolcClient, p: CreateEndpointParams): Promise<{ Id: string }> {
  return client.call(volcRequest('CreateEndpoint', p), createEndpointResultSchema);
}

/** Stops a custom endpoint; inference then gets 400 InvalidEndpoint.ClosedEndpoint (§4.3, CERTAIN). */
export async function stopEndpoint(client: VolcClient, p: { Id: string }): Promise<void> {
  if (isPresetEndpointId(p.Id)) {
    throw new UsageError(`${p.Id} is a preset endpoint and cannot be stopped`, { field: 'Id' });
  }
  await client.call(volcRequest('StopEndpoint', p), emptyResult);
}

export async function startEndpoint(client: VolcClient, p: { Id: string }): Promise<void> {
  if (isPresetEndpointId(p.Id)) {
    throw new UsageError(`${p.Id} is a preset endpoint and cannot be started`, { field: 'Id' });
  }
  await client.call(volcRequest('StartEndpoint', p), emptyResult);
}

export type UpdateEndpointParams = {
  Id: string;
  Name?: string;
  Description?: string;
  /** ark-cli sends Rpm and Tpm together (§4.4, CERTAIN); so does this type */
  RateLimit?: ArkRateLimit;
  Moderation?: { Strategy: 'Default' | 'Basic' };
};

export async function updateEndpoint(client: VolcClient, p: UpdateEndpointParams): Promise<void> {
  if (p.RateLimit) {
    for (const k of ['Rpm', 'Tpm'] as const) {
      const v = p.RateLimit[k];
      if (!Number.isInteger(v) || v < 0) {
        throw new UsageError(`RateLimit.${k}: expected a non-negative integer`, { field: `RateLimit.${k}` });
      }
    }
  }
  await client.call(volcRequest('UpdateEndpoint', p), emptyResult);
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────────

/**
 * One Ark API key as ListApiKeys shows it. `Id` is an integer (CERTAIN, veadk), `Key` is masked
 * (CERTAIN, ark-cli). SID (`apikey-…`, the id bills use), Status, ProjectName and the permission
 * fields are INFERRED (§2.3): optional, never relied on for a decision that must hold.
 */
export const arkApiKeySchema = z.looseObject({
  Id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  Name: z.string().optional(),
  Key: z.string().optional(),
  SID: z.string().optional(),
  Status: z.string().optional(),
  ProjectName: z.string().optional(),
  AccessControlInfo: z.looseObject({ AllowAll: z.boolean().optional() }).nullish(),
  ResourceInstances: listOf(
    z.looseObject({ ResourceType: z.string().optional(), ResourceId: z.string().optional() }),
  ),
  CreatedBy: z.string().optional(),
  CreateTime: z.string().optional(),
  LastUsedTime: z.string().optional(),
});
export type ArkApiKey = z.infer<typeof arkApiKeySchema>;

export const listArkApiKeysResultSchema = arkList(arkApiKeySchema);
export type ListArkApiKeysResult = z.infer<typeof listArkApiKeysResultSchema>;

export type ListArkApiKeysParams = {
  ProjectName?: string;
  /** INFERRED: AllowAll true keeps only "all resources" keys — it does not mean "list everything" */
  Filter?: { AllowAll?: boolean; Scene?: string };
  PageNumber?: number;
  PageSize?: number;
};

export async function listArkApiKeys(
  client: VolcClient,
  p: ListArkApiKeysParams = {},
): Promise<ListArkApiKeysResult> {
  checkPageSize(p);
  return client.call(volcRequest('ArkListApiKeys', p), listArkApiKeysResultSchema);
}

export function listAllArkApiKeys(
  client: VolcClient,
  p: Omit<ListArkApiKeysParams, 'PageNumber' | 'PageSize'> = {},
): AsyncGenerator<ArkApiKey> {
  return arkPages('ListApiKeys', ARK_PAGE_SIZE, (PageNumber, PageSize) =>
    listArkApiKeys(client, { ...p, PageNumber, PageSize }),
  );
}

export const rawApiKeyResultSchema = z.looseObject({ ApiKey: z.string().min(1) });

/** The plaintext of a key (retrievable at any time, §2.4). Registered with the log redactor at once. */
export async function getRawArkApiKey(
  client: VolcClient,
  p: { Id: number; ProjectName?: string },
): Promise<string> {
  const { ApiKey } = await client.call(volcRequest('GetRawApiKey', p), rawApiKeyResultSchema);
  registerSecret(ApiKey);
  return ApiKey;
}

/**
 * Regenerates a key's secret: the old one stops working at once (§2.6, CERTAIN on ark-cli's keys,
 * INFERRED for platform keys). The new secret is not read back (GetRawApiKey would expose it).
 */
export async function regenerateArkApiKey(client: VolcClient, p: { Id: number }): Promise<void> {
  await client.call(volcRequest('ArkUpdateApiKey', { Id: p.Id, Regen: true }), emptyResult);
}

/** Status values of the unverified enable/disable shape (the console says 生效中 / 已禁用). */
export type ArkApiKeyStatus = 'Active' | 'Disabled';

/**
 * UNVERIFIED (ark-api.md §2.7, §10.1): no source names the OpenAPI behind the console's 禁用/启用.
 * This sends UpdateApiKey {Id, Status}; the real service may refuse it (InvalidParameter) — callers
 * must treat a refusal as "this lever is unavailable" and fall back to regenerating the key.
 */
export async function setArkApiKeyStatus(
  client: VolcClient,
  p: { Id: number; Status: ArkApiKeyStatus },
): Promise<void> {
  await client.call(volcRequest('ArkUpdateApiKey', p), emptyResult);
}

export type CreateArkApiKeyParams = {
  Name: string;
  ProjectName?: string;
  /** INFERRED (§2.5): {ResourceType: "all", ResourceId: "*"} or endpoint / model ids */
  ResourceInstances?: Array<{ ResourceType: string; ResourceId: string }>;
  AccessControlInfo?: { AllowAll: boolean };
  IPWhiteListInfo?: { Enabled: boolean };
};

export const createArkApiKeyResultSchema = z.looseObject({
  Id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
});

/** Request shape INFERRED (§2.5); the secret is read separately with GetRawApiKey. */
export async function createArkApiKey(client: VolcClient, p: CreateArkApiKeyParams): Promise<{ Id: number }> {
  return client.call(volcRequest('ArkCreateApiKey', p), createArkApiKeyResultSchema);
}

// ── temporary keys ──────────────────────────────────────────────────────────────────────────────

export type GetApiKeyParams = {
  /** 1..2592000 (30 days) */
  DurationSeconds: number;
  /** `endpoint`, `bot` (doc) or `presetendpoint` (Go runtime) */
  ResourceType: 'endpoint' | 'presetendpoint' | 'bot';
  ResourceIds: string[];
  /** required for presetendpoint (Go runtime) */
  ProjectName?: string;
};

/** ExpiredTime is Unix seconds (the Go runtime reads it so; the doc's "RFC3339" label is wrong). */
export const getApiKeyResultSchema = z.looseObject({
  ApiKey: z.string().min(1),
  ExpiredTime: intLike,
});
export type ArkTemporaryKey = { apiKey: string; expiresAt: Date };

/**
 * Mints a temporary Bearer key for the listed resources (§3, CERTAIN). No revoke exists: the key
 * spends until it expires or its endpoint is stopped.
 */
export async function getArkTemporaryKey(client: VolcClient, p: GetApiKeyParams): Promise<ArkTemporaryKey> {
  if (
    !Number.isInteger(p.DurationSeconds) ||
    p.DurationSeconds < 1 ||
    p.DurationSeconds > ARK_TEMP_KEY_MAX_SECONDS
  ) {
    throw new UsageError(`DurationSeconds: expected 1-${ARK_TEMP_KEY_MAX_SECONDS}`, {
      field: 'DurationSeconds',
    });
  }
  if (p.ResourceType === 'presetendpoint' && !p.ProjectName) {
    throw new UsageError('ProjectName is required for preset endpoints', { field: 'ProjectName' });
  }
  const r = await client.call(volcRequest('GetApiKey', p), getApiKeyResultSchema);
  registerSecret(r.ApiKey);
  return { apiKey: r.ApiKey, expiresAt: new Date(r.ExpiredTime * 1000) };
}

// ── prices and usage ────────────────────────────────────────────────────────────────────────────

/** One charge item: Price is the account's (discounted) price per UnitCode, e.g. 元 per 千tokens. */
export const arkChargeItemSchema = z.looseObject({
  Type: z.string(),
  Price: decimalString,
  OriginalPrice: optionalDecimal,
  UnitCode: z.string().optional(),
});
export type ArkChargeItem = z.infer<typeof arkChargeItemSchema>;

export const arkModelChargeSchema = z.looseObject({
  FoundationModelName: z.string().min(1),
  DisplayName: z.string().optional(),
  VendorName: z.string().optional(),
  State: z.string().optional(),
  ChargeItems: listOf(arkChargeItemSchema),
  InferenceFreeUsage: z.looseObject({ Total: intLike.optional(), Consumed: intLike.optional() }).nullish(),
  IsOverdue: z.boolean().optional(),
});
export type ArkModelCharge = z.infer<typeof arkModelChargeSchema>;

export const listModelChargeItemsResultSchema = arkList(arkModelChargeSchema);

export type ListModelChargeItemsParams = {
  PageNumber?: number;
  PageSize?: number;
  /** INFERRED request shape (§5.3) */
  Filter?: { FoundationModelNames?: string[]; FoundationModelDomain?: string };
};

export async function listModelChargeItems(
  client: VolcClient,
  p: ListModelChargeItemsParams = {},
): Promise<z.infer<typeof listModelChargeItemsResultSchema>> {
  checkPageSize(p);
  return client.call(volcRequest('ListModelChargeItems', p), listModelChargeItemsResultSchema);
}

export function listAllModelChargeItems(
  client: VolcClient,
  p: Omit<ListModelChargeItemsParams, 'PageNumber' | 'PageSize'> = {},
): AsyncGenerator<ArkModelCharge> {
  return arkPages('ListModelChargeItems', ARK_PAGE_SIZE, (PageNumber, PageSize) =>
    listModelChargeItems(client, { ...p, PageNumber, PageSize }),
  );
}

export type GetUsageParams = {
  ProjectName?: string;
  EndpointIds?: string[];
  Scenes?: string[];
  BatchJobId?: string;
  /** Unix seconds */
  StartTime: number;
  EndTime: number;
  /** 3600 (hour) or 86400 (day) */
  Interval: 3600 | 86400;
};

export const getUsageResultSchema = z.looseObject({
  UsageResults: listOf(
    z.looseObject({
      Name: z.string(),
      MetricItems: listOf(
        z.looseObject({
          Tags: listOf(z.looseObject({ Key: z.string(), Value: z.string().optional() })),
          Values: listOf(z.looseObject({ Timestamp: intLike, Value: intLike })),
        }),
      ),
    }),
  ),
});
export type GetUsageResult = z.infer<typeof getUsageResultSchema>;

/** Token counts per hour/day (§5.1, CERTAIN, beta): no API-key dimension. */
export async function getArkUsage(client: VolcClient, p: GetUsageParams): Promise<GetUsageResult> {
  if (p.EndTime <= p.StartTime) throw new UsageError('EndTime must be after StartTime', { field: 'EndTime' });
  return client.call(volcRequest('GetUsage', p), getUsageResultSchema);
}

export type GetInferenceUsageParams = {
  QueryInterval: 'Day' | 'Hour';
  /** YYYY-MM-DD (INFERRED) */
  StartTime: string;
  EndTime: string;
  /** a filter without Values groups by that field (INFERRED) */
  Filters?: Array<{ FieldName: string; Values?: string[]; ValueLike?: string }>;
  ProjectName?: string;
};

/** INFERRED layout (§5.2): columns as {Metric, Values[]}, DataCount rows. */
export const getInferenceUsageResultSchema = z.looseObject({
  Fields: listOf(z.looseObject({ Metric: z.string(), Values: listOf(z.union([z.string(), z.number()])) })),
  DataCount: intLike,
});
export type GetInferenceUsageResult = z.infer<typeof getInferenceUsageResultSchema>;

/** Per key/endpoint token counts, 5–30 min late (§5.2): the request and response shapes are unverified. */
export async function getArkInferenceUsage(
  client: VolcClient,
  p: GetInferenceUsageParams,
): Promise<GetInferenceUsageResult> {
  return client.call(volcRequest('GetInferenceUsage', p), getInferenceUsageResultSchema);
}
