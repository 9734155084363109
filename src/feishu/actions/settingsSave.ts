import { settingsCard, NO_ALERT_CHAT } from '../../../cards/settings.js';
import {
  actionSchemas,
  FORM_FIELDS,
  settingsFormSchema,
  type SettingsForm,
} from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { getSettings } from '../../services/settings/getSettings.js';
import type { SettingsPatch } from '../../services/settings/schema.js';
import { updateSettings } from '../../services/settings/updateSettings.js';
import { errorText } from '../../../cards/lib/errorText.js';
import { settingsView } from '../chat/settings.js';
import { defineCardAction } from './define.js';
import { doneToast } from './userShared.js';

const F = FORM_FIELDS.settings;

/**
 * Submit of the settings form (admin). The form's strings become a patch; a bad field comes back as the
 * same form with the error, nothing saved; a good one saves (audited) and shows the form again, saved.
 */
export const settingsSaveAction = defineCardAction({
  id: 'settings.save',
  schema: actionSchemas['settings.save'],
  policy: 'settings.manage',
  run: async (deps, actor, _v, meta) => {
    const { raw, approversGiven } = normalizeForm(meta.formValue ?? {});
    const form = settingsFormSchema.safeParse(raw);
    try {
      if (!form.success) throw new UsageError({ reason: 'form_invalid' });
      const patch = patchOf(form.data, approversGiven);
      const r = await updateSettings(deps, { actor, patch, requestId: meta.requestId });
      const view = await settingsView(deps, r.settings, { saved: true });
      return {
        toast: doneToast('settings.saved', meta.locale),
        card: { type: 'raw', data: settingsCard(view, meta.locale) },
      };
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      const view = await settingsView(deps, await getSettings(deps), {
        errors: [errorText(err, meta.locale)],
      });
      const message = errorText(err, meta.locale);
      return {
        toast: {
          type: 'error',
          content: message,
          i18n: { zh_cn: errorText(err, 'zh'), en_us: errorText(err, 'en') },
        },
        card: { type: 'raw', data: settingsCard(view, meta.locale) },
      };
    }
  },
});

/** The form's text fields as a settings patch; an empty field leaves its setting as it is. */
export function patchOf(f: SettingsForm, approversGiven = true): SettingsPatch {
  const patch: SettingsPatch = {};
  const interval = whole(f[F.interval], 'checkIntervalMinutes');
  if (interval !== undefined) patch.checkIntervalMinutes = interval;
  const thresholds = list(f[F.thresholds]);
  if (thresholds.length)
    patch.thresholds = thresholds.map((s) => wholeOrThrow(s.replace(/%$/, ''), 'thresholds'));
  const policies = list(f[F.policies]);
  if (policies.length) patch.defaultProjectPolicies = policies;
  const chat = f[F.alertChat].trim();
  if (chat) patch.alertChatId = chat === NO_ALERT_CHAT ? null : chat;
  if (approversGiven) patch.approvers = f[F.approvers];
  const expiry = whole(f[F.expiry], 'requestExpiryHours');
  if (expiry !== undefined) patch.requestExpiryHours = expiry;
  const early = whole(f[F.earlyWarning], 'earlyWarningHours');
  if (early !== undefined) patch.earlyWarningHours = early;
  return patch;
}

/**
 * Feishu sends a multi-select as an array (an empty one clears it); a client that sends text instead
 * ("ou_a,ou_b") is split, and no value at all leaves the approvers as they are.
 */
function normalizeForm(v: Record<string, unknown>): {
  raw: Record<string, unknown>;
  approversGiven: boolean;
} {
  const a = v[F.approvers];
  if (Array.isArray(a)) return { raw: v, approversGiven: true };
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => k !== F.approvers));
  if (typeof a === 'string' && a.trim() !== '')
    return { raw: { ...rest, [F.approvers]: list(a) }, approversGiven: true };
  return { raw: rest, approversGiven: false };
}

const list = (s: string) =>
  s
    .normalize('NFKC')
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function whole(s: string, field: string): number | undefined {
  const v = s.normalize('NFKC').trim();
  return v === '' ? undefined : wholeOrThrow(v, field);
}

function wholeOrThrow(v: string, field: string): number {
  if (!/^\d{1,6}$/.test(v)) {
    throw new UsageError(
      { reason: 'setting_not_whole', params: { field, value: v.slice(0, 20) } },
      {
        field,
      },
    );
  }
  return Number(v);
}
