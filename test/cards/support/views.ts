import type { DashboardRow } from '../../../cards/dashboard.js';
import type { LedgerRow } from '../../../cards/history.js';
import type { UserListRow } from '../../../cards/userList.js';
import type { Freshness, QuotaFigures, SubRef } from '../../../cards/lib/parts.js';

/** Sample data for the card tests: fixed times, decimal strings, names that try to break markdown. */
export const NOW = new Date('2025-06-10T11:19:00Z'); // 19:19 in Shanghai
export const EARLIER = new Date('2025-06-10T08:05:00Z');
export const DAY_BEFORE = new Date('2025-06-09T15:59:00Z'); // 23:59 in Shanghai

export const alice: SubRef = { id: '0b6f1c5e-7d0a-4b8e-9a51-3c7e2f1d9a01', name: 'alice' };
/** A name with markdown and mention syntax in it: it must show as typed and never ping anyone. */
export const tricky: SubRef = { id: '6a0c2d4e-1f3b-4c5d-8e7f-9a0b1c2d3e4f', name: 'eve_<at id=all></at>*x*' };

export const quota80: QuotaFigures = { quota: '1000', spent: '812.5', remaining: '187.5', percent: '81.25' };
export const quotaOver: QuotaFigures = { quota: '100', spent: '103.2', remaining: '-3.2', percent: '103.2' };
export const quotaFresh: QuotaFigures = { quota: '0', spent: '0', remaining: '0' };

export const freshness: Freshness = { newestBillRowAt: EARLIER, worstCaseOverspend: '26.4' };

export const projects = [
  { name: 'ml-training', spent: '600.25' },
  { name: 'web', spent: '200' },
  { name: 'tiny', spent: '12.25' },
];

function pad(n: number, w = 3): string {
  return String(n).padStart(w, '0');
}

/** n sub-accounts with long-ish names and realistic figures. */
export function manyUsers(n: number): UserListRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${pad(i, 12)}`,
    name: `team-${pad(i)}-research-gpu-cluster`,
    status: i % 17 === 0 ? 'disabled' : 'active',
    quota: `${(i + 1) * 1000}.00`,
    spent: `${(i + 1) * 731}.45`,
    monitoredProjects: (i % 3) + 1,
    totalProjects: 3,
  }));
}

export function manyDashboardRows(n: number): DashboardRow[] {
  return manyUsers(n).map((u) => ({
    id: u.id,
    name: u.name,
    spent: u.spent,
    quota: u.quota,
    percent: '73.1',
  }));
}

/** n ledger entries, newest first, with notes as long as people write them. */
export function manyEntries(n: number): LedgerRow[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = n - k;
    return {
      seq,
      at: new Date(NOW.getTime() - k * 3_600_000),
      amount: seq % 5 === 0 ? '-250.00' : '1000.00',
      balanceAfter: `${seq * 800}.00`,
      operator: 'ou_4f1c8e2a9b7d6c5e3f2a1b0c9d8e7f6a',
      source: seq % 2 ? 'chat' : 'card',
      note: `季度预算追加 quarterly top-up #${seq}, approved in the weekly review`,
    };
  });
}
