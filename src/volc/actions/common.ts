import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { VolcResponseError, type VolcCallInfo } from '../errors.js';

/** A decimal amount as Volcengine sends it: a string such as "12.345678". Numbers are refused. */
export const decimalString = z
  .string()
  .trim()
  .regex(/^[+-]?\d+(\.\d+)?$/, 'expected a decimal string such as "12.34"');

/** An optional amount: absent, null or "" all mean "not given". */
export const optionalDecimal = z
  .union([decimalString, z.literal(''), z.null()])
  .optional()
  .transform((v) => (v === '' || v === null ? undefined : v));

/**
 * RoundAmount is a float64 in ListBillDetail: a JSON number becomes the decimal string of its shortest
 * round-trip form (0.1 → "0.1", 1e-7 → "0.0000001"), never via float arithmetic.
 */
export const numberOrDecimal = z
  .union([
    decimalString,
    z.number().refine(Number.isFinite, 'expected a finite number'),
    z.literal(''),
    z.null(),
  ])
  .optional()
  .transform((v) =>
    v === '' || v === null || v === undefined
      ? undefined
      : typeof v === 'number'
        ? new Decimal(v).toFixed()
        : v,
  );

/** Counts (Total, Limit, Offset): a JSON integer, tolerated as a digit string. */
export const intLike = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** int64 ids (AccountId, PayerID) kept as strings so no digit is lost. */
export const idLike = z.union([z.string(), z.number().int()]).transform(String);

/** Actions with no output answer `{}`, `null` or no Result at all. */
export const emptyResult = z.unknown().transform(() => ({}) as Record<string, never>);

/** A list that Go services may send as null when empty. */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
}

export const tagSchema = z.looseObject({ Key: z.string(), Value: z.string().optional() });

export type Page<T> = { items: T[]; total: number; offset: number };

/**
 * Pages through a Limit/Offset/Total list until Offset reaches Total. An empty page before that is an
 * error (a missing page must never look like the end of the data).
 */
export async function* paginate<T>(
  call: VolcCallInfo,
  limit: number,
  fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
): AsyncGenerator<Page<T>> {
  let offset = 0;
  for (;;) {
    const page = await fetchPage(offset, limit);
    yield { items: page.items, total: page.total, offset };
    offset += page.items.length;
    if (offset >= page.total) return;
    if (page.items.length === 0) {
      throw new VolcResponseError(call, {
        httpStatus: 200,
        problem: `empty page at Offset ${offset} although Total is ${page.total}`,
      });
    }
  }
}

/** Flattens pages into items. */
export async function* items<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T> {
  for await (const page of pages) yield* page.items;
}
