/** Levenshtein distance over code points (so one Chinese character counts as one). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The candidates closest to `typed` (case-insensitive), best first: within roughly half the word's
 * length, or containing it / contained in it. Ties keep the candidates' order.
 */
export function closest(typed: string, candidates: readonly string[], max = 3): string[] {
  const t = typed.toLowerCase();
  if (!t) return [];
  const scored = candidates.map((c, i) => {
    const l = c.toLowerCase();
    const d = editDistance(t, l);
    const near = d <= Math.max(1, Math.floor(Math.max([...t].length, [...l].length) / 2));
    const overlap = l.includes(t) || t.includes(l);
    return { c, i, d: overlap ? Math.min(d, 1) : d, ok: near || overlap };
  });
  const seen = new Set<string>();
  return scored
    .filter((s) => s.ok)
    .sort((p, q) => p.d - q.d || p.i - q.i)
    .map((s) => s.c)
    .filter((c) => (seen.has(c) ? false : (seen.add(c), true)))
    .slice(0, max);
}
