import { UsageError } from '../../../errors.js';

/** `key=value`: the value as JSON when it reads as JSON (numbers, true/false, null, arrays), else as text. */
export function parseAssignment(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new UsageError(`应为 名称=值：${text} / expected name=value: ${text}`, { field: text });
  }
  const key = text.slice(0, at).trim();
  const raw = text.slice(at + 1).trim();
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain text (a chat id, a policy name)
  }
  return [key, value];
}

export const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
