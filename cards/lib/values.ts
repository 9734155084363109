import { z } from 'zod';

/**
 * What a card's buttons, selects and forms send back. Each value is small and versioned
 * (`{a: 'area.verb', v: 1, …}`); handlers parse it with these schemas, because a callback value is
 * user-controlled input: a tampered value is refused, never trusted.
 */
const id = z.string().min(1).max(64);
const page = z.number().int().min(1).max(10_000);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

function value<A extends string, S extends z.ZodRawShape>(a: A, shape: S) {
  return z.object({ a: z.literal(a), v: z.literal(1), ...shape }).strict();
}

export const actionSchemas = {
  /** Approve a quota request; the amount comes from the card's form (`approveFormSchema`). */
  'request.approve': value('request.approve', { req: id }),
  'request.reject': value('request.reject', { req: id }),
  /** The requester takes a pending request back (the use case refuses anyone else). */
  'request.withdraw': value('request.withdraw', { req: id }),
  /** Open a small form to request more quota for a sub-account. */
  'quota.applyPrompt': value('quota.applyPrompt', { sub: id }),
  /** Submit of that form (`applyFormSchema`). */
  'quota.apply': value('quota.apply', { sub: id }),
  'user.open': value('user.open', { sub: id }),
  'user.history': value('user.history', { sub: id, page }),
  /** A sub-account picked from a list; its id arrives as the callback's `option`. */
  'user.pick': value('user.pick', {}),
  /** The billing card: one sub-account's month, or every sub-account's (paged). */
  'billing.open': value('billing.open', {
    sub: id.optional(),
    month: month.optional(),
    page: page.optional(),
  }),
  'user.disable': value('user.disable', { sub: id }),
  /** `force`: enable although the quota is used up (asked first: the next check disables it again). */
  'user.enable': value('user.enable', { sub: id, force: z.boolean().optional() }),
  /** Monitoring on/off for one project of a sub-account; `on` is the state wanted after the click. */
  'project.toggle': value('project.toggle', { sub: id, project: z.string().min(1).max(64), on: z.boolean() }),
  /**
   * A project dropdown; the chosen project arrives as the callback's `option`. Mode `add` (the default)
   * adds it to `sub`, `toggle` flips its monitoring; without `sub` the handler explains how to add it.
   */
  'project.pick': value('project.pick', { sub: id.optional(), mode: z.enum(['add', 'toggle']).optional() }),
  /** `acct`: the main account listed (by name), when there are several. */
  'projects.page': value('projects.page', { page, sub: id.optional(), acct: id.optional() }),
  'policies.page': value('policies.page', { page, sub: id.optional(), acct: id.optional() }),
  'users.page': value('users.page', { page }),
  /** The alert-type dropdown; the chosen type arrives as `option` ("all" for every type). */
  'alerts.filter': value('alerts.filter', { sub: id.optional() }),
  'alerts.page': value('alerts.page', { page, type: z.string().max(32).optional(), sub: id.optional() }),
  /** The audit log's pager; the filters ride along (`person`: a stored actor id, `kind`: an action name). */
  'audit.page': value('audit.page', {
    page,
    sub: id.optional(),
    person: z.string().max(200).optional(),
    kind: z.string().max(64).optional(),
  }),
  'settings.save': value('settings.save', {}),
  'check.run': value('check.run', {}),
  'dashboard.open': value('dashboard.open', {}),
  /** A main account picked for a command that needs one: the command line is run again with it. */
  'account.pick': value('account.pick', { cmd: z.string().min(1).max(100), account: id }),
  /** The quota picker: one sub-account's quota card (a button), or the one chosen in its dropdown (`option`). */
  'quota.open': value('quota.open', { sub: id }),
  'quota.pick': value('quota.pick', {}),
  /** "Cancel" on a confirmation card: the card says nothing was changed. */
  'confirm.cancel': value('confirm.cancel', {}),
  /** An admin's "Allocate" on the sub-account card: the card becomes a small form (amount, note). */
  'quota.allocatePrompt': value('quota.allocatePrompt', { sub: id }),
  /** Submit of that form (`allocateFormSchema`): the same ledger entry as `allocate NAME AMOUNT NOTE`. */
  'quota.allocate': value('quota.allocate', { sub: id }),
  /** "Remove" beside a project of the sub-account's project list (asked first). */
  'project.remove': value('project.remove', { sub: id, project: z.string().min(1).max(64) }),
  /** Pause (`on: false`) or resume (`on: true`) counting every project of a sub-account. */
  'project.toggleAll': value('project.toggleAll', { sub: id, on: z.boolean() }),
  /** Resume after the paused-period question: `count` or not; without `project`, every paused project. */
  'project.resume': value('project.resume', {
    sub: id,
    project: z.string().min(1).max(64).optional(),
    count: z.boolean(),
  }),
} as const;

export type ActionId = keyof typeof actionSchemas;
export const ACTION_IDS = Object.keys(actionSchemas) as ActionId[];
export type ActionValueOf<A extends ActionId> = z.infer<(typeof actionSchemas)[A]>;

export const actionValueSchema = z.discriminatedUnion('a', [
  actionSchemas['request.approve'],
  actionSchemas['request.reject'],
  actionSchemas['quota.applyPrompt'],
  actionSchemas['quota.apply'],
  actionSchemas['user.open'],
  actionSchemas['user.history'],
  actionSchemas['user.pick'],
  actionSchemas['billing.open'],
  actionSchemas['user.disable'],
  actionSchemas['user.enable'],
  actionSchemas['project.toggle'],
  actionSchemas['project.pick'],
  actionSchemas['projects.page'],
  actionSchemas['policies.page'],
  actionSchemas['users.page'],
  actionSchemas['alerts.filter'],
  actionSchemas['alerts.page'],
  actionSchemas['audit.page'],
  actionSchemas['settings.save'],
  actionSchemas['check.run'],
  actionSchemas['dashboard.open'],
  actionSchemas['account.pick'],
  actionSchemas['quota.open'],
  actionSchemas['quota.pick'],
  actionSchemas['confirm.cancel'],
  actionSchemas['request.withdraw'],
  actionSchemas['quota.allocatePrompt'],
  actionSchemas['quota.allocate'],
  actionSchemas['project.remove'],
  actionSchemas['project.toggleAll'],
  actionSchemas['project.resume'],
]);
export type ActionValue = z.infer<typeof actionValueSchema>;

/** Builds a value for action `a`; the shape is checked by the compiler here and by zod on the way back. */
export function actionValue<A extends ActionId>(
  a: A,
  fields: Omit<ActionValueOf<A>, 'a' | 'v'>,
): ActionValueOf<A> {
  return { a, v: 1, ...fields } as ActionValueOf<A>;
}

/** The value of a callback, or null when it is not one of ours (unknown action, old version, tampered). */
export function parseActionValue(raw: unknown): ActionValue | null {
  const r = actionValueSchema.safeParse(raw);
  return r.success ? r.data : null;
}

/** Names of form fields: the cards set them, handlers read `form_value` by them. */
export const FORM_FIELDS = {
  approve: { amount: 'approve_amount', note: 'approve_note' },
  apply: { amount: 'apply_amount', reason: 'apply_reason' },
  allocate: { amount: 'allocate_amount', note: 'allocate_note' },
  settings: {
    interval: 'check_interval',
    thresholds: 'thresholds',
    policies: 'default_policies',
    alertChat: 'alert_chat',
    approvers: 'approvers',
    expiry: 'request_expiry',
    earlyWarning: 'early_warning',
  },
} as const;

const field = z.string().max(1000).optional().default('');
const A = FORM_FIELDS.approve;
const P = FORM_FIELDS.apply;
const S = FORM_FIELDS.settings;

/** `form_value` of the approval card: the amount as typed (parse it with the domain's amount parser). */
export const approveFormSchema = z.object({ [A.amount]: field, [A.note]: field });
export const applyFormSchema = z.object({ [P.amount]: field, [P.reason]: field });
export const allocateFormSchema = z.object({
  [FORM_FIELDS.allocate.amount]: field,
  [FORM_FIELDS.allocate.note]: field,
});
export const settingsFormSchema = z.object({
  [S.interval]: field,
  [S.thresholds]: field,
  [S.policies]: field,
  [S.alertChat]: field,
  [S.approvers]: z.array(z.string().max(64)).max(50).optional().default([]),
  [S.expiry]: field,
  [S.earlyWarning]: field,
});
export type ApproveForm = z.infer<typeof approveFormSchema>;
export type ApplyForm = z.infer<typeof applyFormSchema>;
export type SettingsForm = z.infer<typeof settingsFormSchema>;
