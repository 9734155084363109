import type { bot as zh } from '../zh/bot.js';

/** English: the bot's plain-text answers and toasts. Exactly the keys of the Chinese part. */
export const bot: Record<keyof typeof zh, string> = {
  'bot.unknownCommand': 'Unknown command "{name}".',
  'bot.emptyCommand': 'Type a command after @-mentioning the bot.',
  'bot.commandFailed': 'Something went wrong; please try again (ref {ref}).',
  'bot.unknownAction': 'This button is no longer valid.',
  'bot.actionFailed': 'The action failed; please try again (ref {ref}).',
  'bot.processing': 'Received, working on it…',
  'bot.unsupportedMessage': 'I can only read text (or rich text) messages. Type a command, e.g. "help".',
  'bot.actionInvalid': 'This button is no longer valid or its data is wrong; nothing changed.',
  'bot.actionForbidden': 'Not allowed: needs the {roles} role.',
  'bot.actionUpstream': 'Volcengine is unavailable; please try again later (ref {ref}).',
  'bot.rolesOr': ' or ',
};
