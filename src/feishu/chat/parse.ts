import { z } from 'zod';
import { UsageError } from '../../errors.js';
import type { Money } from '../../domain/money.js';
import { parseChatAmount } from './amount.js';
import { normalizeText, QUOTES } from './normalize.js';

/**
 * What people type in Feishu is messy: full-width digits and spaces from a Chinese IME, Chinese
 * punctuation, zero-width characters pasted from documents, “quoted names”. `tokenize` turns a line into
 * words; the arg helpers below turn words into typed, zod-checked arguments. Every failure is a
 * UsageError whose message is "中文 / English" (cards/i18n/errorText.ts shows the reader's half), never a throw of another kind.
 */

/** Splits a command line into words; quotes (ASCII, “Chinese”, 「corner」) keep spaces inside one word. */
export function tokenize(input: string): string[] {
  const text = normalizeText(input);
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let close: string | undefined;
  for (const ch of text) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
      else cur += ch;
      continue;
    }
    const q = QUOTES[ch];
    if (q !== undefined && !inWord) {
      close = q;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (inWord) out.push(cur);
  return out;
}

export { parseChatAmount } from './amount.js';
export { normalizeText } from './normalize.js';

/** An argument's name in usage messages, e.g. { zh: '名称', en: 'NAME' }. */
export type ArgLabel = { zh: string; en: string };

const missing = (l: ArgLabel) => `缺少参数「${l.zh}」 / missing argument ${l.en}`;

/** One required word (a sub-account name, a project, a policy): 1–128 characters. */
export function word(label: ArgLabel) {
  return z
    .string({ error: () => missing(label) })
    .min(1, { error: () => missing(label) })
    .max(128, { error: () => `「${label.zh}」太长 / ${label.en} is too long` });
}

/** An amount word (see parseChatAmount). */
export function amount(label: ArgLabel = { zh: '金额', en: 'AMOUNT' }) {
  return z.string({ error: () => missing(label) }).transform((s, ctx): Money => {
    try {
      return parseChatAmount(s);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: err instanceof UsageError ? err.message : `无效金额 / invalid amount`,
      });
      return z.NEVER;
    }
  });
}

/** Free text that takes every remaining word (a reason, a note); required unless `optional`. */
export function text(label: ArgLabel, max = 500) {
  return z
    .string({ error: () => missing(label) })
    .trim()
    .min(1, { error: () => missing(label) })
    .max(max, {
      error: () => `「${label.zh}」最长 ${max} 个字符 / ${label.en} is longer than ${max} characters`,
    });
}

/** A billing month: 2025-06, 2025/6, 202506 or 2025年6月 → "2025-06". */
export function month(label: ArgLabel = { zh: '月份', en: 'MONTH' }) {
  return z.string().transform((s, ctx) => {
    const m = /^(\d{4})(?:[-/.年]?)(\d{1,2})月?$/.exec(s.trim());
    const mm = m ? Number(m[2]) : 0;
    if (!m || mm < 1 || mm > 12) {
      ctx.addIssue({
        code: 'custom',
        message: `「${label.zh}」应写成 2025-06 / ${label.en} must look like 2025-06`,
      });
      return z.NEVER;
    }
    return `${m[1]}-${String(mm).padStart(2, '0')}`;
  });
}

export function isMonthLike(s: string): boolean {
  return /^(\d{4})(?:[-/.年]?)(\d{1,2})月?$/.test(s.trim());
}

type Shape = Record<string, z.ZodType>;

/**
 * The words after the command, by position: `positional({ name: word(..), amount: amount(), reason:
 * text(..) }, { rest: 'reason' })`. The `rest` key takes every remaining word; without one, extra words
 * are a usage error. Missing words reach their schema as `undefined` (so `.optional()` works).
 */
export function positional<S extends Shape>(
  shape: S,
  opts: { rest?: keyof S & string } = {},
): z.ZodType<z.output<z.ZodObject<S>>, string[]> {
  const keys = Object.keys(shape);
  // The generic object type defeats zod's pipe inference; the shape's own output type is what comes out.
  const object = z.object(shape) as unknown as z.ZodType<
    z.output<z.ZodObject<S>>,
    Record<string, string | undefined>
  >;
  return z
    .array(z.string())
    .transform((tokens, ctx) => {
      const out: Record<string, string | undefined> = {};
      keys.forEach((k, i) => {
        if (k === opts.rest) {
          const restWords = tokens.slice(i);
          out[k] = restWords.length ? restWords.join(' ') : undefined;
        } else out[k] = tokens[i];
      });
      if (!opts.rest && tokens.length > keys.length) {
        ctx.addIssue({
          code: 'custom',
          message: `多余的参数：${tokens.slice(keys.length).join(' ')} / unexpected extra words: ${tokens.slice(keys.length).join(' ')}`,
        });
        return z.NEVER;
      }
      return out;
    })
    .pipe(object);
}

/** A command that takes no words. */
export const noArgs = positional({});

/** The first issue of a failed parse as a UsageError (the usage card shows it). */
export function usageFromZod(err: z.ZodError): UsageError {
  const issue = err.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return new UsageError(issue?.message ?? '参数不对 / invalid arguments', field ? { field } : {});
}
