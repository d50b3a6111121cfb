import { describe, expect, it } from 'vitest';
import {
  dateFormatCandidates,
  formatHint,
  otherDateStyles,
} from '../../../functions/core/validation/date-format-hint.ts';

describe('dateFormatCandidates', () => {
  it.each([
    ['2024/01/15', 'date', ['%Y/%m/%d']],
    ['2024-1-5', 'date', ['%Y-%m-%d']],
    ['2024年1月5日', 'date', ['%Y年%m月%d日']],
    ['20240115', 'date', ['%Y%m%d']],
    ['15.01.2024', 'date', ['%d.%m.%Y']],
    ['01/15/2024', 'date', ['%m/%d/%Y']],
    ['03/04/2024', 'date', ['%d/%m/%Y', '%m/%d/%Y']],
    ['2024/01/15 08:00', 'datetime', ['%Y/%m/%d %H:%M']],
    ['2024-01-15T8:00:00.5', 'datetime', ['%Y-%m-%dT%H:%M:%S.%f']],
    ['2024-01-15', 'datetime', ['%Y-%m-%d']],
  ] as const)('%s as a %s: %j', (value, type, formats) => {
    expect(dateFormatCandidates(value, type)).toEqual(formats);
  });

  it('offers nothing for a time of day in a date field, for non-dates, or for other types', () => {
    expect(dateFormatCandidates('2024/01/15 08:00', 'date')).toEqual([]);
    expect(dateFormatCandidates('yesterday', 'date')).toEqual([]);
    expect(dateFormatCandidates('2024/01/15', 'string')).toEqual([]);
  });

  it('words the hint for one format and for a day-or-month choice', () => {
    expect(formatHint([])).toBe('');
    expect(formatHint(['%Y/%m/%d'])).toContain('`format: "%Y/%m/%d"`');
    expect(formatHint(['%d/%m/%Y', '%m/%d/%Y'])).toContain('day or month first');
  });
});

describe('otherDateStyles', () => {
  it('names the formats reading a real date written otherwise than the declared format', () => {
    expect(otherDateStyles('2025年3月7日', { type: 'date', format: '%Y/%m/%d' })).toEqual(['%Y年%m月%d日']);
    expect(otherDateStyles('2025/3/7', { type: 'date', format: '%Y年%m月%d日' })).toEqual(['%Y/%m/%d']);
    expect(otherDateStyles('2025-03-07T08:30:00', { type: 'datetime', format: '%Y/%m/%d %H:%M' })).toEqual([
      '%Y-%m-%dT%H:%M:%S',
    ]);
  });

  it('names none for the declared style itself, an impossible date or time, or a field without a format', () => {
    expect(otherDateStyles('2025/2/30', { type: 'date', format: '%Y/%m/%d' })).toEqual([]);
    expect(otherDateStyles('2025年2月30日', { type: 'date', format: '%Y/%m/%d' })).toEqual([]);
    expect(otherDateStyles('2025-03-07 25:00', { type: 'datetime', format: '%Y/%m/%d %H:%M' })).toEqual([]);
    expect(otherDateStyles('2025年3月7日', { type: 'date' })).toEqual([]);
  });
});
