import { NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import { listQuotas, quotaOf } from '../../services/quota/getQuota.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineRoute, type ApiDeps } from '../route.js';
import { presentSubAccount } from './present.js';
import { RenderedBodies } from './renderedBodies.js';
import { loadStoredLayers, storedLayersWindow } from '../../services/spending/readLayers.js';
import { cachedSubAccountLayers } from '../../services/spending/cachedLayers.js';
import { ParsedViews, subAccountViewsRead, type SubAccountViewRow } from '../../db/repos/subAccountView.js';
import type { KeyedRead } from '../../db/repos/apiKeys.js';
import { readThresholds } from '../../services/settings/getSettings.js';
import { ListSubAccountsQuery, SubAccountList, SubAccountParams, SubAccountView } from './schema.js';

export const listSubAccountsRoute = defineRoute({
  method: 'get',
  path: '/v1/subaccounts',
  operationId: 'listSubAccounts',
  tag: 'subaccounts',
  summary: '子账号额度列表 / List sub-accounts with quota and spending',
  policy: 'subaccount.view',
  query: ListSubAccountsQuery,
  success: {
    status: 200,
    description: '子账号，按用户名排序 / sub-accounts by user name',
    schema: SubAccountList,
  },
  problems: [400, 404],
  handle: async (deps, { query }) => {
    const accounts = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
    const names = new Map(accounts.map((a) => [a.id, a.name]));
    let accountId: string | undefined;
    if (query.account !== undefined) {
      accountId = accounts.find((a) => a.name === query.account)?.id;
      if (!accountId)
        throw new NotFoundError({ reason: 'main_account_name_not_found', params: { name: query.account } });
    }
    const views = (await listQuotas(deps, { accountId })).filter(
      (v) => !query.status || v.subAccount.status === query.status,
    );
    return {
      body: {
        items: views
          .slice(query.offset, query.offset + query.limit)
          .map((v) => presentSubAccount(v, names.get(v.subAccount.accountId) ?? '')),
        total: views.length,
        limit: query.limit,
        offset: query.offset,
      },
    };
  },
});

export const getSubAccountRoute = defineRoute({
  method: 'get',
  path: '/v1/subaccounts/{name}',
  operationId: 'getSubAccount',
  tag: 'subaccounts',
  summary:
    '一个子账号的额度、消费、剩余和各项目消费 / One sub-account: quota, spent, remaining, percent, projects',
  policy: 'quota.view',
  params: SubAccountParams,
  success: { status: 200, description: '子账号 / the sub-account', schema: SubAccountView },
  problems: [400, 404, 409],
  prefetch: (params, deps) => viewRead(params.name, deps.clock.now()),
  handle: async (deps, { params, prefetched }) => ({
    body: await subAccountBody(deps, params.name, prefetched),
  }),
});

const MINUTE_MS = 60_000;
let lastWindow: { minute: number; window: ReturnType<typeof storedLayersWindow> } | undefined;

/**
 * storedLayersWindow(now), computed once a minute instead of on every request (it walks the open days
 * through date strings). Exact: its days change only when `now` or `now − lag` crosses a Shanghai midnight,
 * and with a lag of whole minutes both fall on a minute's first millisecond.
 */
function windowAt(now: Date): ReturnType<typeof storedLayersWindow> {
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  if (lastWindow?.minute !== minute) lastWindow = { minute, window: storedLayersWindow(now) };
  return lastWindow.window;
}

/**
 * The hot read's parsed rows and rendered answers, kept per sub-account while they are what the same
 * inputs give (ParsedViews, RenderedBodies): a sub-account read again unchanged costs its statement and a
 * comparison of its rows, not a parse and a rendering.
 */
const parsedViews = new ParsedViews();
const renderedBodies = new RenderedBodies();

/** `now`: the time the read's window was taken at, which the stored layers are then read for. */
type Prefetched = { views: SubAccountViewRow[]; window: ReturnType<typeof storedLayersWindow>; now: Date };

/**
 * The common case's one read (a plain user name; open days in the window): the sub-accounts of that name,
 * their main account's name and layers' counter, and their projects. It travels with the API key's check,
 * batched with the same read of the requests that arrive with it (batchedReads.ts). Other names take the
 * general path.
 */
function viewRead(name: string, now: Date): KeyedRead<Prefetched> | undefined {
  const window = windowAt(now);
  if (name.includes('/') || window.days.length === 0) return undefined;
  const read = subAccountViewsRead(name, parsedViews);
  return { ...read, parse: (rows) => ({ views: read.parse(rows), window, now }) };
}

/**
 * With the read ahead (sent with the key's check), no other statement for the common case (one sub-account
 * of that name) once its layers are kept: the stored layers are read after it once (what the watch cycle
 * stored for it while that holds, computed otherwise) and kept while the counter, the projects and the
 * window stay, a minute at most (cachedSubAccountLayers). An ambiguous or unknown name or no read ahead
 * take the general path, which answers the same body (or error).
 */
async function subAccountBody(deps: ApiDeps, name: string, prefetched: Prefetched | undefined) {
  const one = prefetched?.views.length === 1 ? prefetched.views[0] : undefined;
  if (prefetched && one) {
    const global = one.subAccount.thresholds
      ? []
      : await withReader(deps.db, (m) => readThresholds(deps.repos, m));
    const layers = await cachedSubAccountLayers(
      deps.db,
      one.subAccount,
      one.projects,
      one.layersVersion,
      prefetched.now,
      prefetched.window,
    );
    return renderedBodies.body(one, layers, one.subAccount.thresholds ?? global);
  }
  const now = deps.clock.now();
  const sub = await resolveSubAccount(deps, name, { exact: true });
  const [view, account] = await Promise.all([
    quotaOf({ db: deps.db, repos: deps.repos }, sub),
    withReader(deps.db, (m) => deps.repos.accounts.findById(m, sub.accountId)),
  ]);
  // Without stored estimates (the estimate off, or no Ark usage) this is the bill alone.
  const layers = await withReader(deps.db, (m) => loadStoredLayers(m, view.projects, now));
  return presentSubAccount(view, account?.name ?? '', layers);
}
