import { parseMicro } from '../money.js';

/**
 * The simulated account's price table, served by ListModelChargeItems and used to charge every
 * accepted call. Item fields are CERTAIN (ark-api.md §5.3, ark-cli prints them raw); the figures are
 * the public list prices of the first tier (元 per 千tokens) and stand for the account's price.
 * Tiered pricing (MultiChargeItems) is not modelled: every call pays the first tier (unverified).
 */
export type ArkModel = {
  /** the Model ID users call (`model` in the request) */
  id: string;
  foundationModelName: string;
  modelVersion: string;
  displayName: string;
  kind: 'chat' | 'embedding' | 'video';
  /** the bill's product code (§6.1: Doubao and Seedance bill under ark_bd) */
  product: string;
  /** 元 per 千tokens, decimal strings */
  inputPrice: string;
  outputPrice: string;
};

export const ARK_MODELS: readonly ArkModel[] = [
  {
    id: 'doubao-seed-1-6-250615',
    foundationModelName: 'doubao-seed-1-6',
    modelVersion: '250615',
    displayName: 'Doubao-Seed-1.6',
    kind: 'chat',
    product: 'ark_bd',
    inputPrice: '0.0008',
    outputPrice: '0.008',
  },
  {
    id: 'doubao-1-5-pro-32k-250115',
    foundationModelName: 'doubao-1-5-pro-32k',
    modelVersion: '250115',
    displayName: 'Doubao-1.5-pro-32k',
    kind: 'chat',
    product: 'ark_bd',
    inputPrice: '0.0008',
    outputPrice: '0.002',
  },
  {
    id: 'doubao-1-5-lite-32k-250115',
    foundationModelName: 'doubao-1-5-lite-32k',
    modelVersion: '250115',
    displayName: 'Doubao-1.5-lite-32k',
    kind: 'chat',
    product: 'ark_bd',
    inputPrice: '0.0003',
    outputPrice: '0.0006',
  },
  {
    id: 'doubao-embedding-text-240715',
    foundationModelName: 'doubao-embedding-text',
    modelVersion: '240715',
    displayName: 'Doubao-embedding',
    kind: 'embedding',
    product: 'ark_bd',
    inputPrice: '0.0005',
    outputPrice: '0',
  },
  {
    id: 'doubao-seedance-1-0-pro-250528',
    foundationModelName: 'doubao-seedance-1-0-pro',
    modelVersion: '250528',
    displayName: 'Doubao-Seedance-1.0-pro',
    kind: 'video',
    product: 'ark_bd',
    inputPrice: '0',
    outputPrice: '0.015',
  },
];

const byId = new Map(ARK_MODELS.map((m) => [m.id, m]));
const byName = new Map(ARK_MODELS.map((m) => [m.foundationModelName, m]));

export function modelById(id: string): ArkModel | undefined {
  return byId.get(id);
}

/** A FoundationModel reference {Name, ModelVersion} as CreateEndpoint takes it. */
export function modelByReference(name: string, version: string | undefined): ArkModel | undefined {
  const m = byName.get(name);
  if (!m) return undefined;
  return version === undefined || version === '' || version === m.modelVersion ? m : undefined;
}

/**
 * Cost of one call in nano-yuan (10⁻⁹ 元): tokens × (micro-yuan per 千tokens). Exact, since a price
 * with six decimals per thousand tokens has nine per token.
 */
export function costNano(m: ArkModel, promptTokens: number, completionTokens: number): bigint {
  let p = priceMicro.get(m);
  if (!p) priceMicro.set(m, (p = [parseMicro(m.inputPrice) ?? 0n, parseMicro(m.outputPrice) ?? 0n]));
  return BigInt(promptTokens) * p[0] + BigInt(completionTokens) * p[1];
}
const priceMicro = new Map<ArkModel, [bigint, bigint]>();

/** One ListModelChargeItems item (§5.3 field set). */
export function presentModelCharge(m: ArkModel): Record<string, unknown> {
  const items: Array<Record<string, unknown>> = [];
  if (m.kind === 'video') {
    items.push({
      Type: 'T2VCompletion',
      Price: m.outputPrice,
      OriginalPrice: m.outputPrice,
      UnitCode: '千tokens',
    });
  } else {
    items.push({
      Type: 'InferencePrompt',
      Price: m.inputPrice,
      OriginalPrice: m.inputPrice,
      UnitCode: '千tokens',
    });
    if (m.kind === 'chat') {
      items.push({
        Type: 'InferenceCompletion',
        Price: m.outputPrice,
        OriginalPrice: m.outputPrice,
        UnitCode: '千tokens',
      });
    }
  }
  return {
    FoundationModelName: m.foundationModelName,
    DisplayName: m.displayName,
    VendorName: 'ByteDance',
    State: 'Available',
    ChargeItems: items,
    MultiChargeItems: [],
    InferenceFreeUsage: { Total: 0, Consumed: 0 },
    ResourcePackItems: [],
    SubServices: [{ SubService: 'base', Status: 'Open' }],
    IsOverdue: false,
  };
}
