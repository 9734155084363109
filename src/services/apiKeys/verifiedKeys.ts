import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import type { ApiKeyActor } from '../../policies/actor.js';

/** How long a key found valid is believed without asking the database again. */
export const VERIFIED_KEY_TTL_MS = 1000;
// Only keys that passed are held; a flood of distinct valid keys cannot grow the map past this.
const MAX_ENTRIES = 10_000;

type Entry = { actor: ApiKeyActor; clockAt: number; realAt: number };

/**
 * Keys verified in the last second, per database (so per AirGate process and its DataSource), keyed by the
 * SHA-256 of the key: the plain key is never held. At a few hundred requests per second from a few keys
 * this saves one statement per request. A revocation through this process clears the map at once; one made
 * by another process (the CLI, a second server) takes effect within VERIFIED_KEY_TTL_MS. An entry ends when
 * either the injected clock or real time has moved by the TTL (or the clock went back): tests step the
 * clock, the sandbox's clock runs ahead of the wall.
 */
export type VerifiedKeys = {
  get(hash: string, clock: Clock): ApiKeyActor | undefined;
  /** The generation to pass to set(): a revocation in between makes that set() a no-op. */
  generation(): number;
  set(hash: string, actor: ApiKeyActor, clock: Clock, generation: number): void;
  clear(): void;
};

const byDatabase = new WeakMap<DataSource, VerifiedKeys>();

export function verifiedKeysOf(db: DataSource): VerifiedKeys {
  let cache = byDatabase.get(db);
  if (!cache) byDatabase.set(db, (cache = createVerifiedKeys()));
  return cache;
}

function createVerifiedKeys(): VerifiedKeys {
  const entries = new Map<string, Entry>();
  let gen = 0;
  return {
    get(hash, clock) {
      const e = entries.get(hash);
      if (!e) return undefined;
      const clockAge = clock.now().getTime() - e.clockAt;
      const realAge = performance.now() - e.realAt;
      if (clockAge < 0 || clockAge >= VERIFIED_KEY_TTL_MS || realAge >= VERIFIED_KEY_TTL_MS) {
        entries.delete(hash);
        return undefined;
      }
      return e.actor;
    },
    generation: () => gen,
    set(hash, actor, clock, generation) {
      if (generation !== gen) return;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(hash, { actor, clockAt: clock.now().getTime(), realAt: performance.now() });
    },
    clear() {
      gen++;
      entries.clear();
    },
  };
}
