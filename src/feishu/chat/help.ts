import { helpCard } from '../../../cards/help.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';

/** help / 帮助: only the commands the caller's roles allow. */
export const helpCommand = defineChatCommand({
  key: 'help',
  names: ['help', '帮助', '?', '？'],
  args: noArgs,
  policy: 'anyone',
  // Someone without a role learns that there is nothing for them yet, and whom to ask.
  run: async (_deps, actor, _args, meta) => ({
    commands: meta.available.filter((k) => k !== 'help' || actor.roles.length > 0),
    roles: actor.roles,
  }),
  render: (view, locale) => helpCard(view, locale),
});
