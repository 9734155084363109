import { microToString, toMicro } from '../../domain/micro.js';

/**
 * A month-end statement's lines, as stored and shown (CSV, REST, Base): money as 6-decimal strings.
 *
 * - `project` lines carry spending from the final bill, one per (sub-account, project); spending no
 *   sub-account is charged for (a project nobody watches, or days before a project started counting) has
 *   an empty `subAccount`; account-level fees (bill rows without a project) an empty `project`.
 *   Σ spending over the project lines is the bill, exactly.
 * - `sub_account` lines carry each sub-account's quota for the month: `quotaStart` (what remained at the
 *   start) + `allocations` − `deductions` − `spending` = `remaining`; `alerts` and `disables` raised that month.
 */
export type StatementLine = {
  kind: 'sub_account' | 'project';
  subAccount: string;
  project: string;
  quotaStart: string | null;
  allocations: string | null;
  deductions: string | null;
  spending: string;
  remaining: string | null;
  alerts: number | null;
  disables: number | null;
};

/** What a statement is built from (all money in micro-yuan). */
export type StatementInput = {
  /** Σ final-bill spending per project and day ('YYYY-MM-DD'), from the split bill; key project\u0000day. */
  billDays: ReadonlyMap<string, bigint>;
  /** Bill rows without a project (account-level fees). */
  accountLevel: bigint;
  subAccounts: ReadonlyArray<{
    id: string;
    name: string;
    projects: ReadonlyArray<{ name: string; countsFrom: string; monitored: boolean }>;
    /** Ledger balance before the month and the month's signed entries. */
    balanceBefore: bigint;
    entries: readonly bigint[];
    /** Spending charged to it before the month (monitored projects, from their counts_from day). */
    spentBefore: bigint;
    alerts: number;
    disables: number;
  }>;
};

const str = microToString;

/** Builds the lines; pure. Sub-accounts by name, their projects by name; unattributed lines last. */
export function buildStatementLines(input: StatementInput): { lines: StatementLine[]; total: bigint } {
  const owner = new Map<string, { sub: string; countsFrom: string; monitored: boolean }>();
  for (const s of input.subAccounts)
    for (const p of s.projects)
      owner.set(p.name, { sub: s.id, countsFrom: p.countsFrom, monitored: p.monitored });

  const charged = new Map<string, Map<string, bigint>>(); // sub id → project → micro
  const unattributed = new Map<string, bigint>();
  let total = 0n;
  for (const [key, amount] of input.billDays) {
    const i = key.indexOf('\u0000');
    const project = key.slice(0, i);
    const day = key.slice(i + 1);
    total += amount;
    const o = owner.get(project);
    if (o && o.monitored && day >= o.countsFrom) {
      const m = charged.get(o.sub) ?? new Map<string, bigint>();
      m.set(project, (m.get(project) ?? 0n) + amount);
      charged.set(o.sub, m);
    } else unattributed.set(project, (unattributed.get(project) ?? 0n) + amount);
  }
  total += input.accountLevel;

  const lines: StatementLine[] = [];
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const s of [...input.subAccounts].sort(byName)) {
    const projects = charged.get(s.id) ?? new Map<string, bigint>();
    const spending = [...projects.values()].reduce((a, b) => a + b, 0n);
    const allocations = s.entries.filter((e) => e > 0n).reduce((a, b) => a + b, 0n);
    const deductions = -s.entries.filter((e) => e < 0n).reduce((a, b) => a + b, 0n);
    const quotaStart = s.balanceBefore - s.spentBefore;
    lines.push({
      kind: 'sub_account',
      subAccount: s.name,
      project: '',
      quotaStart: str(quotaStart),
      allocations: str(allocations),
      deductions: str(deductions),
      spending: str(spending),
      remaining: str(quotaStart + allocations - deductions - spending),
      alerts: s.alerts,
      disables: s.disables,
    });
    const names = new Set([...s.projects.map((p) => p.name), ...projects.keys()]);
    for (const project of [...names].sort())
      lines.push(projectLine(s.name, project, projects.get(project) ?? 0n));
  }
  for (const project of [...unattributed.keys()].sort())
    lines.push(projectLine('', project, unattributed.get(project)!));
  if (input.accountLevel !== 0n) lines.push(projectLine('', '', input.accountLevel));
  return { lines, total };
}

function projectLine(subAccount: string, project: string, amount: bigint): StatementLine {
  return {
    kind: 'project',
    subAccount,
    project,
    quotaStart: null,
    allocations: null,
    deductions: null,
    spending: str(amount),
    remaining: null,
    alerts: null,
    disables: null,
  };
}

/** Σ spending over the project lines, exactly (micro-yuan). */
export function statementSpending(lines: readonly StatementLine[]): bigint {
  return lines.filter((l) => l.kind === 'project').reduce((a, l) => a + (toMicro(l.spending) ?? 0n), 0n);
}

export const CSV_COLUMNS = [
  'period',
  'account',
  'kind',
  'sub_account',
  'project',
  'quota_start',
  'allocations',
  'deductions',
  'spending',
  'remaining',
  'alerts',
  'disables',
] as const;

/** RFC 4180 CSV; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it. */
export function statementCsv(
  statements: ReadonlyArray<{ period: string; account: string; lines: readonly StatementLine[] }>,
): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = [CSV_COLUMNS.join(',')];
  for (const st of statements)
    for (const l of st.lines)
      rows.push(
        [
          st.period,
          st.account,
          l.kind,
          l.subAccount,
          l.project,
          l.quotaStart,
          l.allocations,
          l.deductions,
          l.spending,
          l.remaining,
          l.alerts,
          l.disables,
        ]
          .map(cell)
          .join(','),
      );
  return rows.join('\r\n') + '\r\n';
}
