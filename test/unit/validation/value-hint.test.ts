import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../functions/core/manifest/schema.ts';
import { typeHint } from '../../../functions/core/validation/cast-sql.ts';
import { formatExample } from '../../../functions/core/validation/date-format-hint.ts';
import { valueHint } from '../../../functions/core/validation/value-hint.ts';

const csv = { format: 'csv' as const };
const number: Pick<FieldSpec, 'type'> = { type: 'number' };
const hint = (
  value: string,
  field: Pick<FieldSpec, 'type' | 'format'> = number,
  source: { format: 'csv' | 'xlsx' } = csv,
) => valueHint(value, field, source, 'write a number');

describe('valueHint', () => {
  it('suggests declaring a "no value" marker as a missing value (CSV and XLSX only)', () => {
    expect(hint('-')).toBe(
      'if "-" means "no value", declare `source.missingValues: ["-"]` in dataset.yaml (such cells are then published empty); otherwise write a number',
    );
    expect(hint(' 无 ', { type: 'date' }, { format: 'xlsx' })).toContain('`source.missingValues: ["无"]`');
    expect(hint('N/A', { type: 'integer' })).toContain('["N/A"]');
    expect(hint('-', number, { format: 'json' } as never)).toBeUndefined();
  });

  it('says to remove thousands separators, currency signs and units, and to use half-width digits', () => {
    expect(hint('1,234.50')).toBe(
      'remove the thousands separators (1,234.50 → 1234.50): re-export the column with a plain number format (digits and a decimal point only)',
    );
    expect(hint('８５６')).toMatch(
      /^write half-width digits \(１２３ → 123\): re-export the column with a plain number format/,
    );
    expect(hint('￥1,234.50')).toMatch(/^remove the currency sign or unit .*; remove the thousands separators/);
    expect(hint('2100元', { type: 'integer' })).toMatch(/^remove the currency sign or unit/);
    expect(hint('１,２３４', { type: 'integer' })).toMatch(/half-width digits.*thousands separators/);
  });

  it('quotes nothing of the value but a marker, and says nothing when the fix would not give a number', () => {
    expect(hint('13,812,345,678')).not.toContain('13812345678');
    expect(hint('1,234.5', { type: 'integer' })).toBeUndefined();
    expect(hint('1,5')).toBeUndefined();
    expect(hint('abc')).toBeUndefined();
    expect(hint('12,34')).toBeUndefined();
  });

  it('says a date cell holds a time, with the date alone as the field reads it', () => {
    expect(hint('2024-04-01 00:00:00', { type: 'date' })).toBe(
      'the value has a time of day: declare the field `type: datetime` if the time matters, or export the date only (2024-03-05)',
    );
    expect(hint('2024/4/1 8:30', { type: 'date', format: '%Y/%m/%d' })).toContain('export the date only (2024/03/05)');
    expect(hint('2024-04-01', { type: 'date' })).toBeUndefined();
    // A format with a time of day is not this mistake.
    expect(hint('2024-04-01 00:00:00', { type: 'date', format: '%Y-%m-%d %H:%M' })).toBeUndefined();
  });

  it('says a date column mixes two styles when the value is a real date in another one than the format', () => {
    const slashes = { type: 'date' as const, format: '%Y/%m/%d' };
    expect(hint('2025年3月7日', slashes)).toBe(
      'this column mixes dates written like 2024/03/05 (as the field\'s `format` says) and like 2024年03月05日 (as this value is): write every date one way, or, if most rows are written like 2024年03月05日, declare `format: "%Y年%m月%d日"` instead and rewrite the others',
    );
    expect(hint('2025-03-07', slashes)).toContain('declare `format: "%Y-%m-%d"` instead');
    expect(hint('07/03/2025', { type: 'date', format: '%Y-%m-%d' })).toContain('day or month first');
    expect(hint('2025/3/7 08:30', { type: 'datetime', format: '%Y-%m-%d %H:%M' })).toContain(
      "like 2024-03-05 14:30 (as the field's `format` says) and like 2024/03/05 14:30",
    );
    // Not a real date, the field's own style, no declared format, or a sheet (its text cells have their own hint).
    expect(hint('2025年2月30日', slashes)).toBeUndefined();
    expect(hint('2025/13/7', slashes)).toBeUndefined();
    expect(hint('2025年3月7日', { type: 'date' })).toBeUndefined();
    expect(hint('2025年3月7日', slashes, { format: 'xlsx' })).toBeUndefined();
    expect(hint('yesterday', slashes)).toBeUndefined();
  });
});

describe('formatExample', () => {
  it.each([
    ['%Y/%m/%d', '2024/03/05'],
    ['%Y年%-m月%-d日', '2024年3月5日'],
    ['%d.%m.%Y %H:%M:%S', '05.03.2024 14:30:00'],
    ['%Y%m%d', '20240305'],
    ['%Y-%m-%dT%H:%M:%S%z', '2024-03-05T14:30:00+0800'],
  ])('shows %s as %s', (format, example) => expect(formatExample(format)).toBe(example));

  it('gives up on a directive it does not know', () => expect(formatExample('%Y %Q')).toBeNull());
});

describe('typeHint with a format', () => {
  it('shows a value the format reads, not the strptime directives', () => {
    expect(typeHint({ type: 'date', format: '%Y/%m/%d' })).toBe(
      "a date like 2024/03/05 (as the field's `format` says)",
    );
    expect(typeHint({ type: 'datetime', format: '%Y-%m-%d %H:%M' })).toBe(
      "a date-time like 2024-03-05 14:30 (as the field's `format` says)",
    );
    expect(typeHint({ type: 'date', format: '%Y %Q' })).toBe('a date in the format %Y %Q');
  });
});
