import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { table } from './lib/table.js';
import type { CardJson, Locale } from './lib/types.js';

export type AccountHealth = { status: 'pass' | 'warn' | 'fail' | 'skip'; detail: string };
export type AccountRow = {
  name: string;
  /** Masked (AKLT…abcd). */
  accessKeyId: string;
  region: string;
  fromEnv: boolean;
  health: AccountHealth;
};
export type AccountListView = { accounts: readonly AccountRow[] };

/** The main accounts with what `airgate doctor` finds for each (a signed call, then one read per area). */
export function accountListCard(v: AccountListView, locale: Locale): CardJson {
  const t = translator(locale);
  const columns = [
    { name: 'name', label: t('account.col.name'), width: '22%' },
    { name: 'key', label: t('account.col.key'), width: '22%' },
    { name: 'region', label: t('account.col.region'), width: '16%' },
    { name: 'health', label: t('account.col.health') },
  ];
  const rows = v.accounts.map((a) => ({
    name: a.fromEnv ? `${a.name} (${t('account.source.env')})` : a.name,
    key: a.accessKeyId,
    region: a.region,
    health: t(`account.health.${a.health.status}`, { detail: a.health.detail }),
  }));
  const elements = [table(columns, rows, 10)];
  if (v.accounts.length === 0) elements.push(note(t('common.noneYet')));
  const example = v.accounts.find((a) => !a.fromEnv)?.name ?? v.accounts[0]?.name ?? 'NAME';
  if (v.accounts.length > 1) elements.push(note(t('account.listHint', { name: example })));
  const worst = v.accounts.some((a) => a.health.status === 'fail') ? 'red' : 'blue';
  return card({ header: header(t('account.listTitle'), worst), elements });
}
