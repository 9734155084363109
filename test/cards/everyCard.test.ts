import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CARD_LIMIT_BYTES } from '../../cards/lib/size.js';
import { parseActionValue } from '../../cards/lib/values.js';
import { callbackValues, cardText, checkCard } from './support/cardValidator.js';
import { catalog } from './support/catalog.js';

const locales = ['zh', 'en'] as const;

describe('every card, in Chinese and English', () => {
  describe.each(locales)('%s', (locale) => {
    it.each(catalog.map((e) => [e.name, e]))('%s is a card Feishu accepts', (_name, entry) => {
      const card = entry.render(locale);
      const report = checkCard(card);
      expect(report.problems).toEqual([]);
      expect(report.requestBytes).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
      expect(report.tagged).toBeLessThanOrEqual(200);
    });

    it.each(catalog.map((e) => [e.name, e]))('%s has buttons whose values parse back', (_name, entry) => {
      for (const value of callbackValues(entry.render(locale)))
        expect(parseActionValue(value), JSON.stringify(value)).not.toBeNull();
    });
  });

  it('English cards carry no Chinese text except names, examples and data', () => {
    const allowed =
      /申请 alice abc 元|无效金额|额度 alice|1万|项目 \d+|训练任务延长一周|补充 <b>额度<\/b>|阈值须为 1–99 的整数|季度预算追加/g;
    for (const entry of catalog) {
      const text = cardText(entry.render('en')).replace(allowed, '');
      expect(text, entry.name).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('Chinese and English renderings differ (the locale is honoured)', () => {
    for (const entry of catalog)
      expect(cardText(entry.render('zh')), entry.name).not.toBe(cardText(entry.render('en')));
  });

  it('covers every card file in cards/', () => {
    const dir = fileURLToPath(new URL('../../cards/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const names = new Set(catalog.map((e) => e.name.split(' ')[0]));
    expect(files.map((f) => f.replace(/\.ts$/, '')).filter((f) => !names.has(f))).toEqual([]);
  });
});
