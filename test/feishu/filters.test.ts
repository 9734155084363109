import { describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/feishu/eventSchemas.js';
import { commandOf, directMention, extractText, ignoreSelf } from '../../src/feishu/filters.js';

const BOT = 'ou_bot000000000000000000000000000001';
const ANN = 'ou_ann000000000000000000000000000002';

function event(over: {
  sender?: string;
  senderType?: string;
  chatType?: string;
  type?: string;
  content?: unknown;
  mentions?: Array<{ key: string; id: { open_id: string } }>;
}): MessageEvent {
  return {
    event_id: 'ev_1',
    sender: {
      sender_id: { open_id: over.sender ?? ANN, union_id: 'on_ann', user_id: 'u_ann' },
      ...(over.senderType === undefined ? {} : { sender_type: over.senderType }),
    },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_1',
      chat_type: over.chatType ?? 'p2p',
      message_type: over.type ?? 'text',
      content: JSON.stringify(over.content ?? { text: 'quota alice' }),
      ...(over.mentions ? { mentions: over.mentions } : {}),
    },
  };
}

const atBot = [{ key: '@_user_1', id: { open_id: BOT } }];
const atAnn = [{ key: '@_user_1', id: { open_id: ANN } }];

describe('ignoreSelf', () => {
  it('lets a person through with every id Feishu gave', () => {
    expect(ignoreSelf(event({ senderType: 'user' }), BOT)).toEqual({
      openId: ANN,
      unionId: 'on_ann',
      userId: 'u_ann',
    });
  });

  it('drops the bot itself, any other bot, and a message with no sender', () => {
    expect(ignoreSelf(event({ sender: BOT }), BOT)).toBeUndefined();
    expect(ignoreSelf(event({ senderType: 'app' }), BOT)).toBeUndefined();
    expect(ignoreSelf(event({ sender: '' }), BOT)).toBeUndefined();
  });
});

describe('extractText', () => {
  it('reads text without the bot mention, and rich text as one line', () => {
    const text = extractText(event({ content: { text: '@_user_1 额度 alice' }, mentions: atBot }), BOT);
    expect(text).toMatchObject({ name: '额度', args: ['alice'], mentionsBot: true });
    const post = extractText(
      event({ type: 'post', content: { content: [[{ tag: 'text', text: 'quota bob' }]] } }),
      BOT,
    );
    expect(post).toMatchObject({ name: 'quota', args: ['bob'] });
  });

  it('marks what it cannot read (an image) so the sender is told, keeping whether the bot was mentioned', () => {
    expect(
      extractText(event({ type: 'image', content: { image_key: 'k' }, mentions: atBot }), BOT),
    ).toMatchObject({
      name: '',
      unsupported: 'image',
      mentionsBot: true,
    });
  });
});

describe('directMention', () => {
  it('takes every direct message, and in a group only one that mentions the bot', () => {
    const plain = extractText(event({}), BOT)!;
    expect(directMention(event({}), plain)).toBe(plain);
    expect(directMention(event({ chatType: 'group' }), plain)).toBeUndefined();
    const mentioned = extractText(
      event({ chatType: 'group', content: { text: '@_user_1 ping' }, mentions: atBot }),
      BOT,
    )!;
    expect(directMention(event({ chatType: 'group' }), mentioned)).toBe(mentioned);
  });
});

describe('commandOf: the three in order', () => {
  it('gives the sender and the command of a message for the bot', () => {
    expect(commandOf(event({ content: { text: 'ping' } }), BOT)).toMatchObject({
      actor: { openId: ANN },
      command: { name: 'ping' },
    });
  });

  it('drops its own message, and a group message that mentions someone else', () => {
    expect(commandOf(event({ sender: BOT, content: { text: 'pong' } }), BOT)).toBeUndefined();
    expect(
      commandOf(event({ chatType: 'group', content: { text: '@_user_1 ping' }, mentions: atAnn }), BOT),
    ).toBeUndefined();
  });
});
