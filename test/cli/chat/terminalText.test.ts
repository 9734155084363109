import { describe, expect, it } from 'vitest';
import { renderCard, renderTextContent } from '../../../src/cli/chat/renderCard.js';
import { listOptions, pickOption } from '../../../src/cli/chat/renderForm.js';
import { chatText } from '../../../src/cli/chat/text.js';
import { trendChart } from '../../../cards/lib/chart.js';

const ESC = '\x1b[';

describe('the terminal chat shows what a Feishu user sees, not internal values', () => {
  const header = { title: { tag: 'plain_text', content: '额度预警' }, template: 'green' };
  const body = [{ tag: 'markdown', content: "<font color='red'>■■■□ 30%</font>" }];
  const card = { schema: '2.0', header, body: { elements: body } };

  it('colours a header and <font> with ANSI on a terminal, and prints no "[green]" in plain text', () => {
    const plain = renderCard(card, { locale: 'zh' }).lines;
    expect(plain).toEqual(['■ 额度预警', '■■■□ 30%']);
    expect(plain.join('\n')).not.toContain('[green]');
    const tty = renderCard(card, { locale: 'zh', color: true }).lines;
    expect(tty[0]).toBe(`${ESC}32m■ 额度预警${ESC}0m`);
    expect(tty[1]).toBe(`${ESC}31m■■■□ 30%${ESC}0m`);
  });

  it('draws a chart as a text sparkline instead of "[图表]"', () => {
    const chart = trendChart(
      [
        { label: '12-01', amount: '1.00' },
        { label: '12-02', amount: '5.00' },
        { label: '12-03', amount: '9.00' },
      ],
      '消费',
    );
    const [line] = renderCard({ schema: '2.0', body: { elements: [chart] } }, { locale: 'zh' }).lines;
    expect(line).toBe('📈 12-01 ▁▅█ 12-03 (1.00–9.00)');
    expect(line).not.toContain('[图表]');
  });

  it('renders a mention placeholder as the mentioned name', () => {
    const names = { ou_bot: 'AirGate', ou_bob: 'Bob' };
    const content = JSON.stringify({ text: '@_user_1 批准 @_user_2' });
    expect(renderTextContent('text', content, names, ['ou_bot', 'ou_bob'])).toBe('@AirGate 批准 @Bob');
  });

  it('labels select options with their text, people and chats by name, never the ids', () => {
    const select = (tag: string, options: unknown[]) => ({
      schema: '2.0',
      body: {
        elements: [{ tag, name: 'x', placeholder: { tag: 'plain_text', content: '选择' }, options }],
      },
    });
    const subs = [
      { text: { tag: 'plain_text', content: 'sunqi (孙七)' }, value: '9b2f6c1e-uuid' },
      { text: { tag: 'plain_text', content: 'lisi (李四)' }, value: '0c1d2e3f-uuid' },
    ];
    const r = renderCard(select('select_static', subs), { locale: 'zh' });
    expect(r.lines[0]).toBe('[1] 选择 ▾ (sunqi (孙七) / lisi (李四))');
    expect(r.lines[0]).not.toContain('uuid');
    const people = renderCard(select('select_person', [{ value: 'ou_bob' }]), {
      locale: 'zh',
      names: { ou_bob: 'Bob', oc_ops: '运维群' },
    });
    expect(people.clickables[0]?.options).toEqual([{ value: 'ou_bob', label: 'Bob' }]);
    expect(listOptions(r.clickables[0]!.options!)).toBe('1) sunqi (孙七)  2) lisi (李四)');
  });

  it('accepts the label, its start, the number or the value, and refuses anything else', () => {
    const options = [
      { value: 'threshold', label: '阈值告警' },
      { value: '9b2f-uuid', label: 'sunqi (孙七)' },
      { value: 'ou_bob', label: 'Bob' },
    ];
    expect(pickOption(options, '阈值告警')).toBe('threshold');
    expect(pickOption(options, 'sunqi')).toBe('9b2f-uuid');
    expect(pickOption(options, 'bob')).toBe('ou_bob');
    expect(pickOption(options, '2')).toBe('9b2f-uuid');
    expect(pickOption(options, 'threshold')).toBe('threshold');
    expect(pickOption(options, 'nobody')).toBeUndefined();
    expect(pickOption(options, 'Bob, 1', true)).toEqual(['ou_bob', 'threshold']);
  });

  it('names the chat in the prompt, in both languages', () => {
    expect(chatText('zh').prompt('Alice')).toBe('Alice@私聊> ');
    expect(chatText('zh').prompt('Alice', 'AirGate 运维群')).toBe('Alice@#AirGate 运维群> ');
    expect(chatText('en').prompt('Alice')).toBe('Alice@DM> ');
    expect(chatText('en').prompt('Alice', 'Ops')).toBe('Alice@#Ops> ');
  });
});
