/** One page of a list. Cards page long lists instead of cutting them: every item is on some page. */
export type Page<T> = { items: T[]; page: number; pageCount: number; total: number; first: number };

export function paginate<T>(all: readonly T[], page: number, size: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const first = (p - 1) * size;
  return { items: all.slice(first, first + size), page: p, pageCount, total: all.length, first };
}
