import { describe, expect, it } from 'vitest';
import { renderCard, renderTextContent } from '../../../src/cli/chat/renderCard.js';
import { inlineText } from '../../../src/cli/chat/renderText.js';
import { escapeMd } from '../../../cards/lib/builders.js';

const quotaCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: {
    title: {
      tag: 'plain_text',
      content: '额度预警 80%',
      i18n_content: { zh_cn: '额度预警 80%', en_us: 'Quota alert 80%' },
    },
    subtitle: { tag: 'plain_text', content: 'dev-team' },
    template: 'orange',
  },
  body: {
    elements: [
      {
        tag: 'column_set',
        columns: [
          { tag: 'column', elements: [{ tag: 'markdown', content: '**已用**' }] },
          { tag: 'column', elements: [{ tag: 'markdown', content: '¥800.00' }] },
        ],
      },
      { tag: 'markdown', content: '负责人 <at id=ou_alice></at>，详见 [账单](https://example.com/bill)' },
      {
        tag: 'table',
        columns: [
          { name: 'project', display_name: '项目', data_type: 'text' },
          {
            name: 'cost',
            display_name: 'Cost',
            data_type: 'number',
            format: { precision: 2, symbol: '¥', separator: true },
          },
        ],
        rows: [
          { project: '推理服务', cost: 1234.5 },
          { project: 'web', cost: 7 },
        ],
      },
      { tag: 'hr' },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '充值' },
        type: 'primary',
        behaviors: [{ type: 'callback', value: { a: 'quota.topUpPrompt', v: 1 } }],
      },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '停用' },
        type: 'danger',
        behaviors: [{ type: 'callback', value: { a: 'iam.disable', v: 1 } }],
      },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: 'Console' },
        behaviors: [{ type: 'open_url', default_url: 'https://console.example.com' }],
      },
    ],
  },
};

describe('card to text', () => {
  it("shows people's escaped text exactly as they typed it", () => {
    const typed = 'R&D <at id=all> *urgent* [x](y) ml_team | 50%';
    expect(inlineText(escapeMd(typed))).toBe(typed);
  });

  it('draws header, fields, mentions, a table and numbered buttons', () => {
    const { lines, clickables } = renderCard(quotaCard, { locale: 'zh', names: { ou_alice: 'Alice' } });
    expect(lines).toEqual([
      '■ 额度预警 80%',
      '  dev-team',
      '已用 │ ¥800.00',
      '负责人 @Alice，详见 账单 (https://example.com/bill)',
      '项目     │ Cost',
      '─────────┼──────────',
      '推理服务 │ ¥1,234.50',
      'web      │ ¥7.00',
      '─'.repeat(24),
      '[1] 充值   [2] 停用!   [3] Console ↗',
    ]);
    expect(clickables.map((c) => [c.n, c.label, c.value ?? c.url])).toEqual([
      [1, '充值', { a: 'quota.topUpPrompt', v: 1 }],
      [2, '停用', { a: 'iam.disable', v: 1 }],
      [3, 'Console', 'https://console.example.com'],
    ]);
  });

  it('picks the English text in en and continues numbering from firstNumber', () => {
    const { lines, clickables } = renderCard(quotaCard, { locale: 'en', firstNumber: 7 });
    expect(lines[0]).toBe('■ Quota alert 80%');
    expect(lines.at(-1)).toBe('[7] 充值   [8] 停用!   [9] Console ↗');
    expect(clickables.map((c) => c.n)).toEqual([7, 8, 9]);
  });

  it('turns a form into fields attached to its submit button', () => {
    const card = {
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'form',
            name: 'req',
            elements: [
              {
                tag: 'input',
                name: 'amount',
                label: { tag: 'plain_text', content: '金额' },
                default_value: '100',
              },
              {
                tag: 'select_static',
                name: 'project',
                placeholder: { tag: 'plain_text', content: '项目' },
                options: [{ text: { tag: 'plain_text', content: 'Web' }, value: 'web' }],
              },
              {
                tag: 'button',
                name: 'ok',
                text: { tag: 'plain_text', content: '提交' },
                form_action_type: 'submit',
              },
              {
                tag: 'button',
                name: 'clear',
                text: { tag: 'plain_text', content: '重置' },
                form_action_type: 'reset',
              },
            ],
          },
        ],
      },
    };
    const { lines, clickables } = renderCard(card, { locale: 'zh' });
    expect(lines).toEqual(['金额: ____', '项目: ____ (Web)', '[1] 提交   (重置)']);
    expect(clickables).toEqual([
      {
        n: 1,
        label: '提交',
        tag: 'button',
        name: 'ok',
        form: {
          name: 'req',
          fields: [
            { name: 'amount', label: '金额', tag: 'input', initial: '100' },
            {
              name: 'project',
              label: '项目',
              tag: 'select_static',
              options: [{ value: 'web', label: 'Web' }],
            },
          ],
        },
      },
    ]);
  });

  it('shows disabled buttons without a number and unknown components by tag', () => {
    const done = { tag: 'button', text: { tag: 'plain_text', content: 'Done' }, disabled: true };
    const next = {
      tag: 'button',
      text: { tag: 'plain_text', content: 'Next' },
      behaviors: [{ type: 'callback', value: { a: 'n' } }],
    };
    const card = {
      schema: '2.0',
      body: { elements: [done, next, { tag: 'chart', chart_spec: {} }, { tag: 'mystery' }] },
    };
    const { lines, clickables } = renderCard(card, { locale: 'en' });
    expect(lines).toEqual(['[-] Done   [1] Next', '[chart]', '[mystery]']);
    expect(clickables.map((c) => [c.n, c.label, c.disabled ?? false])).toEqual([
      [0, 'Done', true],
      [1, 'Next', false],
    ]);
  });

  it('reads text messages with mentions', () => {
    expect(renderTextContent('text', JSON.stringify({ text: 'hi <at user_id="ou_1">Bob</at>' }))).toBe(
      'hi @Bob',
    );
  });
});
