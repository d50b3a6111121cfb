import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';
import { spreadsheetRisks, withoutLeadingZeros } from '../../../site/src/lib/spreadsheet-risks.ts';
import type { SnapshotDataset } from '../../../site/src/lib/types.ts';

const snapshot = readSnapshot(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'));
const base = snapshot.datasets.find((d) => d.entry.id === 'bus-stops') as SnapshotDataset;

/** A dataset whose text field `f` has these preview values (and, optionally, a pattern). */
function withColumn(values: string[], pattern?: string, type: 'string' | 'integer' = 'string'): SnapshotDataset {
  const field = { name: 'f', type, grade: 'public' as const, ...(pattern ? { constraints: { pattern } } : {}) };
  return {
    ...base,
    entry: { ...base.entry, fields: [field], valueProfile: [] },
    preview: { columns: ['f'], rows: values.map((v) => [v]) },
  };
}

describe('spreadsheetRisks (review finding 6: Excel mangles codes and bands)', () => {
  it('finds codes with leading zeros, bands read as dates and long digit strings, with an example', () => {
    expect(spreadsheetRisks(withColumn(['00501', '00544']))).toEqual([
      { field: 'f', risk: 'leading-zero', example: '00501' },
    ]);
    expect(spreadsheetRisks(withColumn(['30-39', '10-19']))).toEqual([{ field: 'f', risk: 'date', example: '10-19' }]);
    expect(spreadsheetRisks(withColumn(['3/4']))).toEqual([{ field: 'f', risk: 'date', example: '3/4' }]);
    expect(spreadsheetRisks(withColumn(['110101001001']))).toEqual([
      { field: 'f', risk: 'long-number', example: '110101001001' },
    ]);
    expect(withoutLeadingZeros('00501')).toBe('501');
    expect(withoutLeadingZeros('000')).toBe('0');
  });

  it('reads a code’s pattern: a 5-digit code may start with 0 even when the sample does not', () => {
    expect(spreadsheetRisks(withColumn(['12345'], '[0-9]{5}'))).toEqual([{ field: 'f', risk: 'leading-zero' }]);
    // China's division codes never start with 0, and 6 or 9 digits show whole.
    expect(spreadsheetRisks(withColumn(['110101'], '[1-6][0-9]{5}'))).toEqual([]);
    expect(spreadsheetRisks(withColumn(['110101001'], '[1-6][0-9]{8}'))).toEqual([]);
  });

  it('leaves alone what a spreadsheet keeps: words, codes with letters, bands that are no date, numbers', () => {
    expect(spreadsheetRisks(withColumn(['Male', '00M', 'SFO', '80-89', '2024-13', '1.5']))).toEqual([]);
    expect(spreadsheetRisks(withColumn(['00501'], undefined, 'integer'))).toEqual([]);
  });

  it('says nothing of bands no spreadsheet reads as a date (20-29 … 60-69) nor of 6-digit codes', () => {
    const clinic = snapshot.datasets.find((d) => d.entry.id === 'clinic-visits') as SnapshotDataset;
    expect(spreadsheetRisks(clinic)).toEqual([]);
    // The same column with the band 10-19 (19 October) is found.
    const i = clinic.preview.columns.indexOf('age_band');
    const teen = {
      ...clinic,
      preview: { ...clinic.preview, rows: [clinic.preview.rows[0]!.map((c, j) => (j === i ? '10-19' : c))] },
    };
    expect(spreadsheetRisks(teen)).toEqual([{ field: 'age_band', risk: 'date', example: '10-19' }]);
  });
});
