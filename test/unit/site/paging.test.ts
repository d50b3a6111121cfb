import { afterEach, describe, expect, it } from 'vitest';
import {
  PAGE_SIZE,
  PAGE_SIZE_ENV,
  pageCount,
  pageHref,
  pageParam,
  pageSize,
  pageView,
  parsePagePath,
} from '../../../site/src/lib/paging.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('listing pagination', () => {
  afterEach(() => {
    delete process.env[PAGE_SIZE_ENV];
  });

  it('keeps page 1 at the listing URL and puts page n under page/n/', () => {
    expect(pageHref('/formats/csv/', 1)).toBe('/formats/csv/');
    expect(pageHref('/en/formats/csv/', 3)).toBe('/en/formats/csv/page/3/');
    expect(pageParam(1)).toBeUndefined();
    expect(pageParam(2)).toBe('page/2');
    expect(parsePagePath('/en/datasets/page/12/')).toEqual({ base: '/en/datasets/', n: 12 });
    expect(parsePagePath('/themes/regions/')).toEqual({ base: '/themes/regions/', n: 1 });
  });

  it('counts pages (an empty listing still has page 1)', () => {
    expect(PAGE_SIZE).toBe(50);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(pageCount(1000)).toBe(20);
  });

  it('slices, links prev/next and shows a window of page numbers', () => {
    const all = items(1000);
    const first = pageView(all, '/datasets/', 1);
    expect(first).toMatchObject({ n: 1, pages: 20, total: 1000, from: 1, to: 50, prev: undefined });
    expect(first.next).toBe('/datasets/page/2/');
    expect(first.numbers).toEqual([1, 2, 3, null, 20]);
    const mid = pageView(all, '/datasets/', 10);
    expect(mid.items[0]).toBe(451);
    expect(mid.prev).toBe('/datasets/page/9/');
    expect(mid.next).toBe('/datasets/page/11/');
    expect(mid.numbers).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    const last = pageView(all, '/datasets/', 20);
    expect(last).toMatchObject({ from: 951, to: 1000, next: undefined });
    expect(last.items).toHaveLength(50);
    expect(pageView([], '/formats/json/', 1)).toMatchObject({ pages: 1, from: 0, to: 0, items: [] });
    expect(() => pageView(all, '/datasets/', 21)).toThrow(/out of range/);
  });

  it('every item is on exactly one page', () => {
    for (const n of [1, 49, 50, 51, 137]) {
      const all = items(n);
      const seen = Array.from({ length: pageCount(n, 25) }, (_, i) => pageView(all, '/x/', i + 1, 25).items).flat();
      expect(seen).toEqual(all);
    }
  });

  it('takes the page size from the environment at call time', () => {
    process.env[PAGE_SIZE_ENV] = '2';
    expect(pageSize()).toBe(2);
    expect(pageCount(5)).toBe(3);
    process.env[PAGE_SIZE_ENV] = 'nonsense';
    expect(pageSize()).toBe(50);
  });
});
