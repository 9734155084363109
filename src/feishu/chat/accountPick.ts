import { actionSchemas } from '../../../cards/lib/values.js';
import type { Deps } from '../../deps.js';
import { parseCommandText } from '../messageText.js';
import type { CardAnswer, ClickContext, CommandContext } from '../router.js';
import { botToasts } from '../texts.js';

/**
 * A click on the account picker: the command line it carries runs again, as the clicker, with the
 * chosen account; answers go to the picker's chat (a private card, like a new key, to the clicker's DM).
 * The click is answered at once; the command runs after (it may call Volcengine for seconds).
 */
export async function rerunWithAccount(
  deps: Deps,
  dispatch: (ctx: CommandContext) => Promise<void>,
  click: ClickContext,
): Promise<CardAnswer> {
  const v = actionSchemas['account.pick'].safeParse(click.value);
  if (!v.success) return { toast: botToasts.unknownAction(click.locale) };
  const line = `${v.data.cmd} account=${v.data.account}`;
  const command = parseCommandText(JSON.stringify({ text: line }), [], undefined)!;
  let n = 0;
  const reply: CommandContext['reply'] = (body, tx) =>
    click.send(
      click.chatId
        ? { kind: 'send', receiveIdType: 'chat_id', receiveId: click.chatId, body }
        : { kind: 'send', receiveIdType: 'open_id', receiveId: click.actor.openId, body },
      { dedupeKey: `evt:${click.eventId}:${n++}` },
      tx,
    );
  const ctx: CommandContext = {
    eventId: click.eventId,
    source: 'menu',
    actor: click.actor,
    chatId: undefined,
    chatType: 'p2p',
    messageId: undefined,
    command,
    locale: click.locale,
    reply,
  };
  void dispatch(ctx).catch((err: unknown) =>
    deps.log.error({ err, eventId: click.eventId }, 'account pick failed'),
  );
  return {};
}
