import type { Deps } from '../../deps.js';
import { cardActions, cardJobs } from '../actions/index.js';
import { registerCardActions, registerCardJobs } from '../actions/registry.js';
import type { FeishuRouter } from '../router.js';
import { chatCommands } from './index.js';
import { registerChatCommands, type ChatRegistry } from './registry.js';

/** Gives the router every chat command and card action; called once by createDeps with the full deps. */
export function registerBot(router: FeishuRouter, deps: Deps): ChatRegistry {
  registerCardActions(router, deps, cardActions);
  registerCardJobs(router, deps, cardJobs);
  return registerChatCommands(router, deps, chatCommands);
}
