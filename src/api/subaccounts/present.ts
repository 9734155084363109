import type { QuotaView } from '../../services/quota/getQuota.js';
import type { StoredLayers } from '../../services/spending/readLayers.js';
import { quotaStatus, type QuotaStatus } from '../../domain/quota.js';
import { roundMoney, type Money } from '../../domain/money.js';
import { decimal, iso } from '../common.js';
import type { SubAccountViewBody } from './schema.js';

/** What the body is made of: a QuotaView, or the one-statement read of the REST route. */
export type PresentedView = {
  subAccount: Pick<
    QuotaView['subAccount'],
    'userName' | 'displayName' | 'status' | 'disabledReason' | 'disabledAt'
  >;
  projects: ReadonlyArray<
    Pick<
      QuotaView['projects'][number],
      'projectName' | 'monitored' | 'countsFrom' | 'spent' | 'spentUpdatedAt'
    >
  >;
  quota: QuotaView['quota'];
  thresholds: readonly number[];
};

/** A sub-account's quota for an external system: money as decimal strings, times in UTC. */
export function presentSubAccount(
  view: PresentedView,
  accountName: string,
  layers?: StoredLayers | null,
): SubAccountViewBody {
  // With the fresh layers on, spent = final + billed + estimated and every figure follows it (as the watch decides).
  return layers
    ? presentWithLayers({ ...view, balance: view.quota.quota }, accountName, layers)
    : body(view, accountName, view.quota);
}

/**
 * presentSubAccount with the fresh layers, from the balance alone: the figures follow the layers' spent
 * (the REST read's hot path, which computes its quota status once, here).
 */
export function presentWithLayers(
  view: Omit<PresentedView, 'quota'> & { balance: Money },
  accountName: string,
  layers: StoredLayers,
): SubAccountViewBody {
  return { ...body(view, accountName, quotaStatus(view.balance, layers.spent)), ...layersBody(layers) };
}

function body(view: Omit<PresentedView, 'quota'>, accountName: string, q: QuotaStatus): SubAccountViewBody {
  const { subAccount: s } = view;
  return {
    name: s.userName,
    account: accountName,
    displayName: s.displayName,
    status: s.status,
    disabledReason: s.disabledReason,
    disabledAt: iso(s.disabledAt),
    quota: decimal(q.quota),
    spent: decimal(q.spent),
    remaining: decimal(q.remaining),
    percent: q.percent.isFinite() ? decimal(roundMoney(q.percent, 2)) : null,
    exhausted: q.exhausted,
    thresholds: [...view.thresholds],
    projects: view.projects.map((p) => ({
      name: p.projectName,
      monitored: p.monitored,
      countsFrom: p.countsFrom,
      spent: decimal(p.spent),
      spentUpdatedAt: iso(p.spentUpdatedAt),
    })),
  };
}

type LayersBody = Pick<
  SubAccountViewBody,
  'final' | 'finalAsOf' | 'billed' | 'billedAsOf' | 'estimated' | 'estimatedAsOf'
>;
/** Kept layers are shared between reads (cachedLayers.ts): their part of the body is written once. */
const layersBodies = new WeakMap<StoredLayers, LayersBody>();

function layersBody(layers: StoredLayers): LayersBody {
  let out = layersBodies.get(layers);
  if (!out)
    layersBodies.set(
      layers,
      (out = {
        final: decimal(layers.final),
        finalAsOf: layers.finalAsOf,
        billed: decimal(layers.billed),
        billedAsOf: iso(layers.billedAsOf),
        estimated: decimal(layers.estimated),
        estimatedAsOf: iso(layers.estimatedAsOf),
      }),
    );
  return out;
}
