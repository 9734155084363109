import { toMicro } from '../../domain/micro.js';
import { listAllModelChargeItems, type ArkModelCharge } from '../../volc/actions/ark.js';
import type { VolcClient } from '../../volc/client.js';

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

/** Every model's price of the account: one paged read per cycle (the prices change rarely). */
export async function loadPrices(
  client: VolcClient,
): Promise<{ prices: Map<string, ModelPrice>; calls: number }> {
  const prices = new Map<string, ModelPrice>();
  let n = 0;
  for await (const item of listAllModelChargeItems(client)) {
    n++;
    const p = modelPrice(item);
    if (p) prices.set(item.FoundationModelName, p);
  }
  return { prices, calls: Math.max(1, Math.ceil(n / 100)) };
}
