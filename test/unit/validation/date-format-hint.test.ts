import { describe, expect, it } from 'vitest';
import { dateFormatCandidates, formatHint } from '../../../functions/core/validation/date-format-hint.ts';

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
