/** Ark costs are exact in nano-yuan (10⁻⁹ 元); bills show micro-yuan rows, rounded half up (unverified). */
export function nanoToMicro(nano: bigint): bigint {
  return (nano + 500n) / 1000n;
}

/** 1234567891n → "1.234567891" (no trailing zeros, at least two decimals). */
export function formatNano(nano: bigint): string {
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  let frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${neg ? '-' : ''}${abs / 1_000_000_000n}.${frac}`;
}
