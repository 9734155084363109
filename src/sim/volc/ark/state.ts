import type { SimCore } from '../core.js';
import { randomToken } from '../rng.js';
import type { IamState } from '../state.js';
import { defaultArkSettings, type ArkSettings } from './settings.js';
import { ArkBillCache } from './billAgg.js';
import type { ArkModel } from './prices.js';
import type { TrafficGenerator } from './traffic.js';

export type EndpointStatus = 'Running' | 'Stopped';

/**
 * An endpoint (推理接入点). Custom `ep-…` ones can be stopped (§4, CERTAIN); preset `ep-m-…` ones are
 * created on the first call by Model ID in a project and cannot be stopped (§4, CERTAIN).
 * Status `Stopped` as a wire value is INFERRED (only `Running` is CERTAIN, §10.5).
 */
export type SimEndpoint = {
  id: string;
  name: string;
  description: string;
  project: string;
  model: ArkModel;
  preset: boolean;
  status: EndpointStatus;
  rateLimit: { rpm: number; tpm: number } | null;
  createdBy: string | null;
  createTime: number;
  updateTime: number;
};

/**
 * A long-lived Ark API key (§2.1, CERTAIN semantics): belongs to one project; permission "all
 * resources of the project" or chosen Model IDs / custom endpoints. `sid` (the id bills use) is
 * CERTAIN to exist, its field name INFERRED.
 */
export type SimArkApiKey = {
  id: number;
  sid: string;
  name: string;
  project: string;
  secret: string;
  allowAll: boolean;
  /** Model IDs and endpoint ids the key may call when !allowAll */
  resources: string[];
  status: 'Active' | 'Disabled';
  createdBy: string | null;
  createTime: number;
  lastUsedTime: number | null;
};

/** A temporary key from GetApiKey (§3): bound to its resources, valid until expiresAtMs. */
export type SimTempKey = {
  secret: string;
  resourceType: 'endpoint' | 'presetendpoint' | 'bot';
  resourceIds: string[];
  project: string | null;
  /** the IAM user that minted it (null = the main account) and with which access key */
  userName: string | null;
  accessKeyId: string;
  createdAtMs: number;
  expiresAtMs: number;
};

/** Accepted-call totals of one bill row: 5-minute window × endpoint × key × model. */
export type UsageAgg = {
  windowStart: number;
  endpointId: string;
  project: string;
  /** long-lived key SID, or `-` for a temporary key (no SID; unverified) */
  keySid: string;
  /** the Bearer secret as presented (GetInferenceUsage's AuthToken dimension) */
  authToken: string;
  model: ArkModel;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costNano: bigint;
};

/** What one key/endpoint pair's calls came to (for the spend report and the tests). */
export type CallTally = { accepted: number; refused: Map<string, number>; costNano: bigint };

let serials = 0;

/** The Ark side of one simulated account. Recreated whenever the IAM state is (a new seed). */
export class ArkState {
  endpoints = new Map<string, SimEndpoint>();
  apiKeys = new Map<number, SimArkApiKey>();
  keyBySecret = new Map<string, SimArkApiKey>();
  tempKeys = new Map<string, SimTempKey>();
  nextKeyId = 1_000_001;
  /** windowStart → row key → totals */
  windows = new Map<number, Map<string, UsageAgg>>();
  /** the windows' priced bill rows (dropped for a window when a call lands in it) */
  readonly billCache = new ArkBillCache();
  /** endpoint id → minute index → [requests, tokens] (RateLimit accounting) */
  minuteLoad = new Map<string, { minute: number; requests: number; tokens: number }>();
  generators: TrafficGenerator[] = [];
  /** content-generation (Seedance) tasks by id */
  tasks = new Map<string, Record<string, unknown>>();
  /** exact cost of every accepted call, nano-yuan, per project */
  projectCostNano = new Map<string, bigint>();
  tallies = new Map<string, CallTally>();
  /** bumped whenever usage changes */
  version = 0;
  /** tells one account's Ark state from the next (a new seed) */
  readonly serial = ++serials;
  /** bumped only when a call lands in a window a bill may already show (bill caches key on it) */
  visibleVersion = 0;

  constructor(
    readonly sim: SimCore,
    readonly iam: IamState,
  ) {}

  get rng() {
    return this.sim.rng;
  }

  newEndpointId(nowMs: number, preset: boolean): string {
    return `${preset ? 'ep-m-' : 'ep-'}${stamp(nowMs)}-${randomToken(this.rng, 5).toLowerCase()}`;
  }

  newKeySid(nowMs: number): string {
    return `apikey-${stamp(nowMs)}-${randomToken(this.rng, 5).toLowerCase()}`;
  }

  /** Newer long-lived keys look like `ark-<uuid>` (ark-cli shows both UUID and `ark-…` forms, §2.3). */
  newSecret(): string {
    const h = this.rng.hex(32);
    return `ark-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  newTempSecret(): string {
    return `ark-tmp-${randomToken(this.rng, 48)}`;
  }
}

/** `yyyyMMddHHmmss` in Beijing time, as endpoint ids and key SIDs carry it. */
function stamp(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

const arkStates = new WeakMap<SimCore, ArkState>();
const arkSettings = new WeakMap<SimCore, ArkSettings>();

/** The Ark state of a simulator; a new seed (a new IAM state) starts a new, empty one. */
export function arkOf(sim: SimCore): ArkState {
  let st = arkStates.get(sim);
  if (!st || st.iam !== sim.state) {
    st = new ArkState(sim, sim.state);
    arkStates.set(sim, st);
  }
  return st;
}

/** Settings outlive seeds: they describe the simulated cloud, not the account. */
export function arkSettingsOf(sim: SimCore): ArkSettings {
  let s = arkSettings.get(sim);
  if (!s) arkSettings.set(sim, (s = defaultArkSettings()));
  return s;
}

export function maskKey(secret: string): string {
  return `${secret.slice(0, 3)}****${secret.slice(-4)}`;
}
