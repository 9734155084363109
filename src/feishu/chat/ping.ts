import type { CommandDefinition } from '../router.js';

/** `ping` → `pong`: proves the path from a Feishu message through the inbox and the outbox back to the chat. */
export const pingCommand: CommandDefinition = {
  names: ['ping'],
  run: async (ctx) => {
    await ctx.reply({ text: 'pong' });
  },
};
