import { z } from 'zod';
import { settingsCard, type SettingsView } from '../../../cards/settings.js';
import type { Deps } from '../../deps.js';
import { listMembers } from '../../services/members/listMembers.js';
import { getSettings } from '../../services/settings/getSettings.js';
import type { Settings } from '../../services/settings/schema.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';

/** `settings` (admin): the settings as a form; saving it is the card action settings.save. */
export const settingsCommand = defineChatCommand({
  key: 'settings',
  names: ['settings', 'setting', 'config', '设置', '配置'],
  args: noArgs,
  policy: 'settings.manage',
  run: async (deps) => settingsView(deps, await getSettings(deps)),
  render: (v, locale) => settingsCard(v, locale),
});

/** The form's data: the settings, who may be chosen as approver, and the chats the bot is in. */
export async function settingsView(
  deps: Deps,
  settings: Settings,
  extra: Pick<SettingsView, 'saved' | 'errors'> = {},
): Promise<SettingsView> {
  const members = await listMembers(deps);
  const approverCandidates = members
    .filter((m) => m.roles.includes('approver') || m.roles.includes('admin'))
    .map((m) => ({ openId: m.openId, name: m.name }));
  const chats = await botChats(deps);
  return { settings, approverCandidates, ...(chats ? { chats } : {}), ...extra };
}

const chatList = z.object({
  data: z
    .object({
      items: z.array(z.object({ chat_id: z.string(), name: z.string().optional() }).loose()).optional(),
    })
    .loose()
    .optional(),
});

/** The groups the bot is in (first 100), or undefined when Feishu cannot say: the form then asks for an id. */
async function botChats(deps: Deps): Promise<SettingsView['chats']> {
  const client = deps.feishu?.client;
  if (!client) return undefined;
  try {
    const res = chatList.parse(await client.sdk.im.v1.chat.list({ params: { page_size: 100 } }));
    const items = res.data?.items ?? [];
    return items.length ? items.map((c) => ({ id: c.chat_id, name: c.name || c.chat_id })) : undefined;
  } catch (err) {
    deps.log.info({ err: String(err) }, 'could not list the bot chats for the settings form');
    return undefined;
  }
}
