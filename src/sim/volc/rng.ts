/**
 * Seedable randomness, so a failing simulation replays identically: a sequential stream (faults,
 * generated keys) and a stateless hash (per-hour spending noise, independent of request order).
 */
export type Rng = { next(): number; int(maxExclusive: number): number; hex(len: number): string };

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    hex: (len) => {
      let s = '';
      while (s.length < len)
        s += Math.floor(next() * 0x10000)
          .toString(16)
          .padStart(4, '0');
      return s.slice(0, len);
    },
  };
}

/** 32-bit avalanche mix of several integers (murmur3 finaliser per step). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = p | 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(rng: Rng, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += KEY_ALPHABET[rng.int(KEY_ALPHABET.length)];
  return s;
}
