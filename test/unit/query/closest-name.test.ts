/**
 * The name suggested for an unknown one (query columns, manifest keys, header columns, publishers): the
 * hint of every "unknown …" problem leans on it.
 */
import { describe, expect, it } from 'vitest';
import { closestName, nameDifference } from '../../../functions/core/query/closest-name.ts';

describe('closestName', () => {
  const columns = ['code', 'name', 'cityCode', 'provinceCode'];

  it('suggests the name written in another convention before one that is merely short', () => {
    expect(closestName('province_code', columns)).toBe('provinceCode');
    expect(closestName('City Code', columns)).toBe('cityCode');
    expect(closestName('city-code', columns)).toBe('cityCode');
  });

  it('prefers a difference of case or spaces', () => {
    expect(closestName('Name ', columns)).toBe('name');
    expect(nameDifference('Name ', 'name')).toBe('case and spaces');
  });

  it('suggests a longer or shorter form of Chinese words, and a near spelling', () => {
    expect(closestName('区县', ['区县代码', '年份'])).toBe('区县代码');
    expect(closestName('负责人姓名', ['姓名', '年份'])).toBe('姓名');
    expect(closestName('nmae', columns)).toBe('name');
  });

  it('suggests nothing unrelated, and never the name itself', () => {
    expect(closestName('zzz', columns)).toBeUndefined();
    expect(closestName('code', ['code'])).toBeUndefined();
    expect(closestName('_', ['-', 'code'])).toBeUndefined();
  });
});
