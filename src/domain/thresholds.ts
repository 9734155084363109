/**
 * Alert thresholds are whole percents, strictly between 0 and 100; 100 % itself is always the disable step.
 * Per allocation epoch each step alerts at most once and a jump over several steps alerts only the highest.
 */
export const DEFAULT_THRESHOLDS: readonly number[] = [50, 80, 90];
export const EXHAUSTED_STEP = 100;

/** Sorted, unique, each an integer 1–99; null when the list is not valid. */
export function normalizeThresholds(values: readonly number[]): number[] | null {
  if (values.length === 0 || values.length > 10) return null;
  if (!values.every((v) => Number.isInteger(v) && v >= 1 && v <= 99)) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}

/** "50,80,90" (also "50，80，90" or "50 80 90") → [50, 80, 90]; null when not valid. */
export function parseThresholds(text: string): number[] | null {
  const parts = text
    .trim()
    .split(/[\s,，、]+/)
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^\d{1,2}$/.test(p))) return null;
  return normalizeThresholds(parts.map(Number));
}

/** The steps in force: the override when set, else the global ones, always ending with 100. */
export function steps(thresholds: readonly number[]): number[] {
  return [...thresholds.filter((t) => t < EXHAUSTED_STEP), EXHAUSTED_STEP];
}

/** The highest step at or below `percent` (a number or a decimal), or null below the first step. */
export function highestReached(
  percent: { gte(n: number): boolean },
  thresholds: readonly number[],
): number | null {
  let reached: number | null = null;
  for (const s of steps(thresholds)) if (percent.gte(s)) reached = s;
  return reached;
}

/**
 * The step to alert now, given the highest step already alerted in this epoch: the highest reached step
 * above it, or null when nothing new was reached.
 */
export function stepToAlert(
  percent: { gte(n: number): boolean },
  thresholds: readonly number[],
  alreadyAlerted: number | null,
): number | null {
  const reached = highestReached(percent, thresholds);
  if (reached === null) return null;
  return alreadyAlerted === null || reached > alreadyAlerted ? reached : null;
}
