import { translator } from './i18n/index.js';
import { card, fields, header, markdown, note, text } from './lib/builders.js';
import { form, input, multiSelect, select, submitButton } from './lib/interactive.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
import { actionValue, FORM_FIELDS } from './lib/values.js';

export type SettingsValues = {
  checkIntervalMinutes: number;
  thresholds: readonly number[];
  defaultProjectPolicies: readonly string[];
  alertChatId: string | null;
  approvers: readonly string[];
  requestExpiryHours: number;
  earlyWarningHours: number;
};

/** The settings form (admins only). After a save the same card comes back with `saved` or `errors`. */
export type SettingsView = {
  settings: SettingsValues;
  /** Members who may approve: the approvers dropdown offers them (value = open_id). */
  approverCandidates: ReadonlyArray<{ openId: string; name: string }>;
  /** Chats the bot is in; without them the alert chat is typed as an id. */
  chats?: ReadonlyArray<{ id: string; name: string }>;
  saved?: boolean;
  errors?: readonly string[];
};

/** The alert-chat dropdown value meaning "no alert chat". */
export const NO_ALERT_CHAT = 'none';

/** The current alert chat stays selectable even if the bot no longer lists it, so a save keeps it. */
function chatOptions(
  none: string,
  chats: ReadonlyArray<{ id: string; name: string }>,
  current: string | null,
) {
  const options = [
    { label: none, value: NO_ALERT_CHAT },
    ...chats.map((c) => ({ label: c.name, value: c.id })),
  ];
  if (current && !chats.some((c) => c.id === current)) options.push({ label: current, value: current });
  return options;
}

export function settingsCard(v: SettingsView, locale: Locale): CardJson {
  const t = translator(locale);
  const s = v.settings;
  const f = FORM_FIELDS.settings;
  const chat: CardElement =
    v.chats && v.chats.length
      ? select({
          name: f.alertChat,
          placeholder: t('settings.alertChat'),
          options: chatOptions(t('settings.noChat'), v.chats, s.alertChatId),
          initial: s.alertChatId ?? NO_ALERT_CHAT,
        })
      : input(f.alertChat, {
          label: t('settings.alertChat'),
          placeholder: 'oc_…',
          value: s.alertChatId ?? '',
          maxLength: 128,
        });
  const elements: CardElement[] = [];
  if (v.saved) elements.push(markdown(`<font color='green'>${t('settings.saved')}</font>`));
  for (const e of v.errors ?? []) elements.push(text(e, { color: 'red' }));
  elements.push(
    fields([
      [t('settings.interval'), t('settings.minutes', { n: s.checkIntervalMinutes })],
      [t('settings.thresholds'), s.thresholds.map((n) => `${n}%`).join(' / ')],
    ]),
    form('settings_form', [
      input(f.interval, {
        label: t('settings.intervalLabel'),
        value: String(s.checkIntervalMinutes),
        maxLength: 4,
      }),
      input(f.thresholds, {
        label: t('settings.thresholdsLabel'),
        placeholder: '50,80,90',
        value: s.thresholds.join(','),
        maxLength: 60,
      }),
      input(f.policies, {
        label: t('settings.policiesLabel'),
        placeholder: 'ArkFullAccess,TOSFullAccess',
        value: s.defaultProjectPolicies.join(','),
        maxLength: 1000,
      }),
      chat,
      multiSelect({
        name: f.approvers,
        placeholder: t('settings.approversLabel'),
        options: v.approverCandidates.map((c) => ({ label: c.name, value: c.openId })),
        selected: s.approvers,
      }),
      input(f.expiry, {
        label: t('settings.expiryLabel'),
        value: String(s.requestExpiryHours),
        maxLength: 4,
      }),
      input(f.earlyWarning, {
        label: t('settings.earlyLabel'),
        value: String(s.earlyWarningHours),
        maxLength: 4,
      }),
      submitButton(t('settings.save'), 'settings_submit', actionValue('settings.save', {})),
    ]),
    note(t('settings.approversNote')),
    note(t('settings.liveNote')),
  );
  return card({ header: header(t('settings.title'), 'indigo'), elements });
}
