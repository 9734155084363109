/**
 * The app's granted scopes (权限). Feishu pushes im.message.receive_v1 only for what they cover:
 * direct messages need `im:message.p2p_msg:readonly` (读取用户发给机器人的单聊消息), group messages that
 * @mention the bot `im:message.group_at_msg:readonly` (older name `im:message.group_at_msg`), every group
 * message `im:message.group_msg`. An app without the DM scope never hears a direct message.
 */
export const P2P_SCOPE = 'im:message.p2p_msg:readonly';
export const GROUP_AT_SCOPES = ['im:message.group_at_msg:readonly', 'im:message.group_at_msg'];
export const GROUP_ALL_SCOPE = 'im:message.group_msg';

/** What the setup guide (README) tells an installer to enable: the simulator grants these by default. */
export const DOCUMENTED_SCOPES: readonly string[] = [
  'im:message',
  'im:message:send_as_bot',
  'im:chat',
  'im:message.group_at_msg:readonly',
  P2P_SCOPE,
];

/** Whether a message in `chatType` (mentioning the bot or not) reaches an app holding `scopes`. */
export function messageEventAllowed(
  scopes: ReadonlySet<string>,
  chatType: 'p2p' | 'group',
  mentionsBot: boolean,
): boolean {
  if (chatType === 'p2p') return scopes.has(P2P_SCOPE);
  if (scopes.has(GROUP_ALL_SCOPE)) return true;
  return mentionsBot && GROUP_AT_SCOPES.some((s) => scopes.has(s));
}
