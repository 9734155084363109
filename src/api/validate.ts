import { z } from 'zod';
import type { FieldLocation, FieldProblem } from './problem.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/**
 * Parses one part of a request with its zod schema. Problems are collected (not thrown) so that a request
 * with a bad query and a bad body gets one 400 naming both.
 */
export function parsePart<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: FieldLocation,
  problems: FieldProblem[],
): z.output<T> | undefined {
  const result = schema.safeParse(value, { error: bilingualMessage });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(...fieldsOf(issue, where));
  return undefined;
}

function fieldsOf(issue: Issue, where: FieldLocation): FieldProblem[] {
  const base = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      in: where,
      field: [...base, key].join('.'),
      message: '未知字段 / unknown field',
    }));
  }
  return [{ in: where, field: base.join('.'), message: issue.message }];
}

const zhType: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

/** zod's default messages, in Chinese first and English after; a schema's own message wins over these. */
export function bilingualMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填 / required';
      return `应为${zhType[issue.expected] ?? issue.expected} / expected ${issue.expected}`;
    case 'too_small':
      return bound(issue.origin, Number(issue.minimum), issue.inclusive !== false, 'min');
    case 'too_big':
      return bound(issue.origin, Number(issue.maximum), issue.inclusive !== false, 'max');
    case 'invalid_format':
      if (issue.format === 'datetime') {
        return '应为带时区的 ISO 8601 时间，例如 2026-05-01T00:00:00Z / expected an ISO 8601 date-time with offset, e.g. 2026-05-01T00:00:00Z';
      }
      if (issue.format === 'uuid') return '应为 UUID / expected a UUID';
      return '格式不正确 / invalid format';
    case 'invalid_value':
      return `应为 ${issue.values.map(String).join('、')} 之一 / expected one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return '未知字段 / unknown field';
    case 'not_multiple_of':
      return `应为 ${issue.divisor} 的倍数 / expected a multiple of ${issue.divisor}`;
    default:
      return '值无效 / invalid value';
  }
}

function bound(origin: string, n: number, inclusive: boolean, side: 'min' | 'max'): string {
  if (origin === 'string') {
    return side === 'min'
      ? `至少 ${n} 个字符 / at least ${n} characters`
      : `最多 ${n} 个字符 / at most ${n} characters`;
  }
  if (origin === 'array') {
    return side === 'min' ? `至少 ${n} 项 / at least ${n} items` : `最多 ${n} 项 / at most ${n} items`;
  }
  const zh = side === 'min' ? (inclusive ? '不能小于' : '须大于') : inclusive ? '不能大于' : '须小于';
  const en = side === 'min' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `${zh} ${n} / must be ${en} ${n}`;
}

/** Query values as zod sees them: a repeated parameter is refused here (it is never meant). */
export function singleValuedQuery(
  query: Record<string, string | string[] | undefined>,
  problems: FieldProblem[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value))
      problems.push({ in: 'query', field: key, message: '只能出现一次 / must be given once' });
    else if (value !== undefined) out[key] = value;
  }
  return out;
}
