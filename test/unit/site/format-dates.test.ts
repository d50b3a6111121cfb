import { describe, expect, it } from 'vitest';
import { dateRange, formatDate } from '../../../site/src/lib/format.ts';

describe('dates on the site', () => {
  it('localizes partial dates without inventing a day', () => {
    expect(formatDate('1958-03', 'en')).toBe('March 1958');
    expect(formatDate('1958-03', 'zh-CN')).toBe('1958年3月');
    expect(formatDate('2017', 'en')).toBe('2017');
    expect(formatDate('2017', 'zh-CN')).toBe('2017年');
    expect(formatDate('2023-06-30', 'en')).toBe('30 June 2023');
    expect(formatDate('2023-06-30', 'zh-CN')).toBe('2023年6月30日');
  });

  it('shows a single-day (or month, or year) period once, keeping the ISO values for <time datetime>', () => {
    expect(dateRange('2023-06-30', '2023-06-30', 'en')).toEqual({
      start: { iso: '2023-06-30', text: '30 June 2023' },
      end: null,
    });
    expect(dateRange('2017', '2017', 'zh-CN').end).toBeNull();
    expect(dateRange('1958-03', '2020-04', 'en')).toEqual({
      start: { iso: '1958-03', text: 'March 1958' },
      end: { iso: '2020-04', text: 'April 2020' },
    });
    expect(dateRange('2026-11-22', undefined, 'en').end).toBe('ongoing');
  });
});
