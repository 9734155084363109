import type { EntityManager } from 'typeorm';
import type { Repos } from '../db/repos/index.js';

const TTL_MS = 1000;

/**
 * The repos the API uses, with the main-account reads cached for one second per app. Every API call reads
 * them (account names) while they change a few times a year; at a few hundred requests per second this
 * saves a query per call. (The settings repo reuses its own reads: src/db/repos/settings.ts.) Real time,
 * not the injected clock: this is a cache, not business time.
 */
export function withCachedReads(repos: Repos): Repos {
  const accounts = new Map<
    string,
    ReturnType<typeof memo<Awaited<ReturnType<Repos['accounts']['findById']>>>>
  >();
  return {
    ...repos,
    accounts: {
      ...repos.accounts,
      findById: (m, id) => {
        let entry = accounts.get(id);
        if (!entry) accounts.set(id, (entry = memo((em: EntityManager) => repos.accounts.findById(em, id))));
        return entry.get(m);
      },
    },
  };
}

function memo<T>(load: (m: EntityManager) => Promise<T>) {
  let cached: { at: number; value: Promise<T> } | undefined;
  return {
    get(m: EntityManager): Promise<T> {
      const now = performance.now();
      if (!cached || now - cached.at > TTL_MS) {
        const value = load(m);
        cached = { at: now, value };
        // A failed read is not kept: the next call tries again.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
  };
}
