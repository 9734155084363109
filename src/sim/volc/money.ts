/**
 * The simulator keeps amounts as integer micro-yuan (bigint; 6 decimals, the precision bill rows show)
 * and turns them into decimal strings only at the wire.
 */
const DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;

export function parseMicro(value: string): bigint | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** 1234500n → "1.2345"; at least two decimals ("12.00"), at most six, no trailing zeros beyond two. */
export function formatMicro(micro: bigint): string {
  const neg = micro < 0n;
  const abs = neg ? -micro : micro;
  const int = abs / 1_000_000n;
  let frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${neg ? '-' : ''}${int}.${frac}`;
}
