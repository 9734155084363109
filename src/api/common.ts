import { z } from 'zod';
import { errorTextBoth } from '../../cards/lib/errorText.js';
import { UsageError } from '../errors.js';
import { MAX_AMOUNT, toDecimalString, type Money } from '../domain/money.js';
import { parseAmount } from '../services/quota/parseAmount.js';

/** Money in a response: an exact decimal string ("100", "12.5", "-3.25"), never a JSON number. */
export const DecimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: '十进制字符串 / exact decimal string', examples: ['100', '12.5'] });

/** Money in a request: a string with at most 2 decimals, > 0 and ≤ the maximum (JSON numbers are refused). */
export const AmountInput = z
  .string({ error: '金额须为字符串，例如 "100.50" / amount must be a string such as "100.50"' })
  .regex(/^\d{1,9}(\.\d{1,2})?$/, {
    error:
      '金额须为大于 0 的数字，最多两位小数，例如 "100" 或 "100.50" / a number > 0 with at most 2 decimals, e.g. "100" or "100.50"',
  })
  .transform((value, ctx): Money => {
    try {
      return parseAmount(value);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      ctx.addIssue({ code: 'custom', message: errorTextBoth(err) });
      return z.NEVER;
    }
  })
  .meta({
    description: `CNY，大于 0，最多两位小数，不超过 ${MAX_AMOUNT} / CNY, > 0, at most 2 decimals, ≤ ${MAX_AMOUNT}`,
    examples: ['500', '1200.50'],
  });

export const Timestamp = z.iso.datetime().meta({ description: 'UTC, ISO 8601' });

/** A sub-account as callers name it: its user name, or "account/user" when two main accounts share one. */
export const SubAccountRef = z
  .string()
  .min(1)
  .max(200)
  .meta({
    description: '子账号用户名，重名时写作 "主账号/用户名" / user name, or "account/user" when ambiguous',
    examples: ['alice'],
  });

/** One offending value of a 400: where it was and what was wrong. */
export const FieldProblemSchema = z.object({
  in: z.enum(['body', 'query', 'path', 'header']),
  field: z.string(),
  message: z.string(),
});
export type FieldProblem = z.infer<typeof FieldProblemSchema>;
export type FieldLocation = FieldProblem['in'];

/** The problem+json body every error answers with (RFC 9457). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(FieldProblemSchema)
      .optional()
      .meta({ description: '400：每个不符合要求的字段 / 400: each offending field' }),
    requiredScopes: z.array(z.string()).optional(),
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** Money for JSON: exact, no exponent ("100", "12.5"). */
export const decimal = (m: Money): string => toDecimalString(m);

export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d === null ? null : d.toISOString();
}
