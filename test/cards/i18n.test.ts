import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { en } from '../../cards/i18n/en.js';
import { zh } from '../../cards/i18n/zh.js';
import { interpolate, localeOf, translator } from '../../cards/i18n/index.js';
import { COMMAND_KEYS } from '../../cards/lib/commands.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the Chinese and English catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders for every key, and no text is empty', () => {
    for (const key of Object.keys(zh) as Array<keyof typeof zh>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
      expect(zh[key].trim() || key === 'common.sep' ? 'ok' : '', key).toBe('ok');
      expect(en[key].length, key).toBeGreaterThan(0);
    }
  });

  it('describe every command in both languages', () => {
    for (const c of COMMAND_KEYS) {
      for (const part of ['usage', 'summary'] as const) {
        expect(zh[`cmd.${c}.${part}`]).toBeTruthy();
        expect(en[`cmd.${c}.${part}`]).toBeTruthy();
      }
    }
  });

  it('has no key that no card uses', () => {
    const root = fileURLToPath(new URL('../../cards/', import.meta.url));
    const sources = ['', 'lib/']
      .flatMap((d) =>
        readdirSync(root + d)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => readFileSync(root + d + f, 'utf8')),
      )
      .join('\n');
    // Keys built at run time (`status.${s}`) are matched by their static prefix.
    const prefixes = [...sources.matchAll(/`([a-zA-Z.]+\.)\$\{/g)].map((m) => m[1]!);
    const unused = Object.keys(zh).filter(
      (k) => !sources.includes(`'${k}'`) && !prefixes.some((p) => k.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });
});

describe('translator', () => {
  it('fills placeholders in the chosen language', () => {
    expect(translator('zh')('quota.title', { name: 'alice' })).toBe('额度 · alice');
    expect(translator('en')('quota.title', { name: 'alice' })).toBe('Quota · alice');
  });

  it('leaves an unknown placeholder visible rather than printing "undefined"', () => {
    expect(interpolate('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
  });

  it('maps Feishu locale strings to a card language, Chinese by default', () => {
    expect(localeOf('en_us')).toBe('en');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('zh_cn')).toBe('zh');
    expect(localeOf('ja_jp')).toBe('zh');
    expect(localeOf(undefined, 'en')).toBe('en');
  });
});
