import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/feishu/messageText.js';

const BOT = 'ou_bot';
const bot = { key: '@_user_1', id: { open_id: BOT }, name: 'AirGate' };
const alice = { key: '@_user_2', id: { open_id: 'ou_alice' }, name: 'Alice' };
const content = (text: string) => JSON.stringify({ text });

describe('reading a chat message as a command', () => {
  it.each([
    ['@_user_1 ping', [bot], 'ping', []],
    ['@_user_1 /approve deploy-42 --env prod', [bot], 'approve', ['deploy-42', '--env', 'prod']],
    ['  PING  ', [], 'ping', []],
    ['\u200b@_user_1\u3000Ping\u00a0now', [bot], 'ping', ['now']],
    ['／查询 项目A', [], '查询', ['项目A']],
    ['@_user_1 give @_user_2 5', [bot, alice], 'give', ['@_user_2', '5']],
    ['ping @_user_1', [bot], 'ping', []],
  ] as const)('%j → %s %j', (text, mentions, name, args) => {
    const parsed = parseCommandText(content(text), [...mentions], BOT);
    expect(parsed).toMatchObject({ name, args: [...args] });
  });

  it('knows whether the bot was mentioned', () => {
    expect(parseCommandText(content('@_user_2 ping'), [alice], BOT)?.mentionsBot).toBe(false);
    expect(parseCommandText(content('@_user_1 ping'), [bot], BOT)?.mentionsBot).toBe(true);
  });

  it('without the bot id, takes leading mentions as the bot', () => {
    expect(parseCommandText(content('@_user_1 ping'), [bot], undefined)).toMatchObject({
      name: 'ping',
      mentionsBot: true,
    });
  });

  it('keeps free text after the command', () => {
    expect(parseCommandText(content('@_user_1 note  two  spaces'), [bot], BOT)?.rest).toBe('two  spaces');
  });

  it('gives an empty command for a bare mention and nothing for non-text content', () => {
    expect(parseCommandText(content('@_user_1'), [bot], BOT)).toMatchObject({ name: '', args: [] });
    expect(parseCommandText('{"image_key":"img_x"}', [], BOT)).toBeUndefined();
    expect(parseCommandText('not json', [], BOT)).toBeUndefined();
  });
});

describe('mentions and rich text as Feishu delivers them', () => {
  const ann = { key: '@_user_1', id: { open_id: 'ou_ann' }, name: 'Ann' };
  const botSecond = { key: '@_user_2', id: { open_id: BOT }, name: 'AirGate' };

  it('drops every mention in front of the command, whoever comes first', () => {
    expect(parseCommandText(content('@_user_1 @_user_2 帮助'), [ann, botSecond], BOT)).toMatchObject({
      name: '帮助',
      mentionsBot: true,
    });
    expect(parseCommandText(content('@_all @_user_2 help'), [botSecond], BOT)?.name).toBe('help');
  });

  it('removes @_user_1 without eating @_user_10', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      key: `@_user_${i + 1}`,
      id: { open_id: i === 0 ? BOT : `ou_${i}` },
    }));
    expect(parseCommandText(content('@_user_1 give @_user_10 5'), many, BOT)?.args).toEqual([
      '@_user_10',
      '5',
    ]);
  });

  it('reads a post: text, links and @ elements across paragraphs; images left out', () => {
    const post = JSON.stringify({
      title: 'ignored when there is a body',
      content: [
        [
          { tag: 'at', user_id: '@_user_2', user_name: 'AirGate', style: [] },
          { tag: 'text', text: ' 申请 ', style: ['bold'] },
          { tag: 'a', text: 'alice', href: 'https://example.com' },
        ],
        [
          { tag: 'img', image_key: 'img_v3_x' },
          { tag: 'text', text: '100 训练' },
        ],
      ],
    });
    expect(parseCommandText(post, [ann, botSecond], BOT, 'post')).toMatchObject({
      name: '申请',
      args: ['alice', '100', '训练'],
      mentionsBot: true,
    });
    expect(parseCommandText(JSON.stringify({ title: '帮助', content: [] }), [], BOT, 'post')?.name).toBe(
      '帮助',
    );
    expect(parseCommandText('{"title":"x"}', [], BOT, 'post')).toBeUndefined();
  });

  it('gives nothing for types it cannot read', () => {
    expect(parseCommandText('{"image_key":"img_x"}', [], BOT, 'image')).toBeUndefined();
  });
});
