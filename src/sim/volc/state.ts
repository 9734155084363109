import { unverified, VolcSimError } from './errors.js';
import { systemPolicies, type PolicyDef } from './policyCatalog.js';

export type SimUser = {
  id: number;
  userName: string;
  displayName: string;
  description: string;
  email: string;
  mobilePhone: string;
  tags: Array<{ Key: string; Value: string }>;
  createDate: Date;
  updateDate: Date;
};

/** userName null = a key of the main account itself. */
export type SimAccessKey = {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'active' | 'inactive';
  userName: string | null;
  createDate: Date;
  updateDate: Date;
};

/**
 * An IAM API key (2026, service iam 2018-01-01): a user's credential beside its access keys. Ids are
 * strings (ark-api.md 2.8); whether such a key can spend (authenticate Ark calls) is unverified, so the
 * simulator counts an active one as able to spend, the harsher guess.
 */
export type SimApiKey = {
  id: string;
  name: string;
  secret: string;
  status: 'active' | 'inactive';
  userName: string;
  createDate: Date;
  updateDate: Date;
};

export type SimLoginProfile = {
  userName: string;
  password: string;
  loginAllowed: boolean;
  passwordResetRequired: boolean;
  createDate: Date;
  updateDate: Date;
};

export type SimProject = {
  projectName: string;
  displayName: string;
  description: string;
  parentProjectName: string;
  createDate: Date;
  updateDate: Date;
};

/** One policy on one user: globally and/or in some projects (project name → attach date). */
export type SimAttachment = {
  policyName: string;
  policyType: 'System' | 'Custom';
  global: Date | null;
  projects: Map<string, Date>;
};

/** Whether a user had an active access key, as a timeline (for spending accrual). */
export type Activity = { initial: boolean; changes: Array<{ at: number; active: boolean }> };

export const MAX_KEYS_PER_USER = 2;

export const notFound = {
  user: (n: string) => new VolcSimError(404, 'UserNotExist', `User '${n}' cannot be found.`),
  accessKey: (id: string) =>
    new VolcSimError(404, 'AccessKeyNotExist', `The accessKey '${id}' can not be found`),
  loginProfile: (n: string) =>
    new VolcSimError(404, 'LoginProfileNotExist', `The login profile of user '${n}' can not be found.`),
  // The codes for a missing policy or project are not in any primary source (unverified).
  policy: (n: string, t: string) =>
    unverified(404, 'PolicyNotExist', `Policy '${n}' of type '${t}' cannot be found.`),
  project: (n: string) => unverified(404, 'ProjectNotExist', `Project '${n}' cannot be found.`),
};

/** IAM and project state of one simulated account. Maps keep creation order (the list order). */
export class IamState {
  users = new Map<string, SimUser>();
  keys = new Map<string, SimAccessKey>();
  apiKeys = new Map<string, SimApiKey>();
  loginProfiles = new Map<string, SimLoginProfile>();
  projects = new Map<string, SimProject>();
  customPolicies = new Map<string, PolicyDef>();
  attachments = new Map<string, Map<string, SimAttachment>>();
  activity = new Map<string, Activity>();
  nextUserId = 1;
  /** bumped on every change that can alter what bills show (project names, activity) */
  version = 0;
  renameListeners: Array<(from: string, to: string) => void> = [];

  constructor(readonly accountId: number) {}

  user(name: string): SimUser {
    const u = this.users.get(name);
    if (!u) throw notFound.user(name);
    return u;
  }

  project(name: string): SimProject {
    const p = this.projects.get(name);
    if (!p) throw notFound.project(name);
    return p;
  }

  policy(name: string, type: string): PolicyDef {
    const p =
      type === 'System'
        ? systemPolicies.get(name)
        : type === 'Custom'
          ? this.customPolicies.get(name)
          : undefined;
    if (!p) throw notFound.policy(name, type);
    return p;
  }

  keysOf(userName: string | null): SimAccessKey[] {
    return [...this.keys.values()].filter((k) => k.userName === userName);
  }

  apiKeysOf(userName: string): SimApiKey[] {
    return [...this.apiKeys.values()].filter((k) => k.userName === userName);
  }

  /** The user holds a credential that can spend: an active access key or an active API key. */
  isActive(userName: string): boolean {
    return (
      this.users.has(userName) &&
      (this.keysOf(userName).some((k) => k.status === 'active') ||
        this.apiKeysOf(userName).some((k) => k.status === 'active'))
    );
  }

  /** Records the user's current key status on the activity timeline when it changed. */
  touchActivity(userName: string, atMs: number): void {
    const active = this.isActive(userName);
    const a = this.activity.get(userName);
    if (!a) {
      this.activity.set(userName, { initial: false, changes: active ? [{ at: atMs, active }] : [] });
    } else {
      const last = a.changes.length > 0 ? a.changes[a.changes.length - 1]!.active : a.initial;
      if (last !== active) a.changes.push({ at: atMs, active });
    }
    this.version++;
  }

  renameUser(from: string, to: string): void {
    const rekey = <V>(m: Map<string, V>) => {
      const v = m.get(from);
      if (v !== undefined) {
        m.delete(from);
        m.set(to, v);
      }
    };
    rekey(this.users);
    rekey(this.loginProfiles);
    rekey(this.attachments);
    rekey(this.activity);
    for (const k of this.keys.values()) if (k.userName === from) k.userName = to;
    for (const k of this.apiKeys.values()) if (k.userName === from) k.userName = to;
    const lp = this.loginProfiles.get(to);
    if (lp) lp.userName = to;
    for (const l of this.renameListeners) l(from, to);
    this.version++;
  }

  attachmentsOf(userName: string): Map<string, SimAttachment> {
    let m = this.attachments.get(userName);
    if (!m) {
      m = new Map();
      this.attachments.set(userName, m);
    }
    return m;
  }

  /** Number of principals a policy is attached to, in any scope. */
  attachmentCount(policyName: string, policyType: string): number {
    let n = 0;
    for (const m of this.attachments.values()) if (m.has(`${policyType}:${policyName}`)) n++;
    return n;
  }

  /** Policies attached globally (project-scoped ones do not grant global services like IAM and billing). */
  globalPolicyNames(userName: string): Set<string> {
    const out = new Set<string>();
    for (const a of this.attachments.get(userName)?.values() ?? []) if (a.global) out.add(a.policyName);
    return out;
  }
}
