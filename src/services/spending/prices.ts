import { toMicro } from '../../domain/micro.js';
import { ARK_PAGE_SIZE, listModelChargeItems, type ArkModelCharge } from '../../volc/actions/ark.js';
import { paced, type Pacer } from '../../volc/billingPacer.js';
import type { VolcClient } from '../../volc/client.js';
import { UsageShapeError } from './usage.js';

/** The account's own (discounted) prices of one model, micro-yuan per 1,000 tokens. */
export type ModelPrice = {
  input: bigint;
  output: bigint;
  /** cached prompt tokens (ContextSessionHit); the input price when the model has none */
  cacheHit: bigint;
  /** free tokens left (InferenceFreeUsage Total − Consumed): while some are left, usage costs nothing */
  freeLeft: number;
};

const PER_K = /千\s*tokens|^1k\s*tokens$|^ktokens$/i;

/**
 * One model's prices from its ListModelChargeItems item (ark-api.md §5.3): `Price` is the account's price
 * after discounts. Items priced per something other than 千tokens (images, seconds…) are not token-priced and
 * left out; a model with no token price is absent (its usage cannot be estimated: the bill covers it).
 */
export function modelPrice(item: ArkModelCharge): ModelPrice | null {
  let input: bigint | null = null;
  let output: bigint | null = null;
  let cacheHit: bigint | null = null;
  for (const c of item.ChargeItems) {
    if (c.UnitCode && !PER_K.test(c.UnitCode)) continue;
    const price = toMicro(c.Price);
    if (price === null) continue;
    if (c.Type === 'InferencePrompt') input = price;
    else if (c.Type === 'InferenceCompletion' || /Completion$/.test(c.Type)) output ??= price;
    else if (c.Type === 'ContextSessionHit') cacheHit = price;
  }
  if (input === null && output === null) return null;
  const free = item.InferenceFreeUsage;
  return {
    input: input ?? 0n,
    output: output ?? 0n,
    cacheHit: cacheHit ?? input ?? 0n,
    freeLeft: Math.max(0, (free?.Total ?? 0) - (free?.Consumed ?? 0)),
  };
}

/**
 * Every model's price of the account: one paged read per cycle (the prices change rarely), each page on the
 * account's usage pacer (ListModelChargeItems shares the usage actions' limit, see volc/usagePacer).
 */
export async function loadPrices(
  client: VolcClient,
  pacer?: Pacer,
): Promise<{ prices: Map<string, ModelPrice>; names: Map<string, string>; calls: number }> {
  const prices = new Map<string, ModelPrice>();
  // The bill detail names a model by its display name (ConfigName) or, unverified, by its own name.
  const names = new Map<string, string>();
  let seen = 0;
  let calls = 0;
  for (let page = 1; ; page++) {
    const read = () => listModelChargeItems(client, { PageNumber: page, PageSize: ARK_PAGE_SIZE });
    const r = pacer ? await paced(pacer, read) : await read();
    calls++;
    for (const item of r.Items) {
      const p = modelPrice(item);
      if (p) prices.set(item.FoundationModelName, p);
      names.set(item.FoundationModelName, item.FoundationModelName);
      if (item.DisplayName) names.set(item.DisplayName, item.FoundationModelName);
    }
    seen += r.Items.length;
    if (seen >= r.TotalCount) break;
    if (r.Items.length === 0)
      throw new UsageShapeError(
        `ListModelChargeItems: empty page ${page} although TotalCount is ${r.TotalCount}`,
      );
  }
  return { prices, names, calls };
}
