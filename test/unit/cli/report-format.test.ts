import { describe, expect, it } from 'vitest';
import { formatRelease } from '../../../functions/cli/release-format.ts';
import { formatIssue, formatReport } from '../../../functions/cli/report-format.ts';
import type { ValidationReport } from '../../../functions/core/validation/report.ts';

const refused = (issues: ValidationReport['issues'], rowsRead = 2): ValidationReport => ({
  valid: false,
  rowsRead,
  issues,
  counts: {},
  total: issues.length,
  cap: 1000,
});

describe('formatIssue', () => {
  it('says the line (CSV) or sheet row (XLSX) a row is at, beside its data row', () => {
    const cell = { type: 'cell/type', file: 'a.csv', row: 1, field: 'n', message: 'm', hint: 'h' } as const;
    expect(formatIssue({ ...cell, line: 3 }, '')[0]).toBe('[cell/type] a.csv, row 1 (line 3), field "n": m');
    expect(formatIssue({ ...cell, file: 'a.xlsx', sheetRow: 4 }, '')[0]).toBe(
      '[cell/type] a.xlsx, row 1 (sheet row 4), field "n": m',
    );
    expect(formatIssue(cell, '')[0]).toBe('[cell/type] a.csv, row 1, field "n": m');
    // A line above the header (undecodable bytes in a title line) has no data row.
    expect(formatIssue({ type: 'file/undecodable', file: 'a.csv', line: 1, message: 'm', hint: 'h' }, '')[0]).toBe(
      '[file/undecodable] a.csv, line 1: m',
    );
  });

  it('prints no empty location for an issue about the whole release', () => {
    const lines = formatIssue(
      { type: 'schema/breaking-change', message: 'breaking change against version 1: field "wind" removed', hint: 'h' },
      '  ',
    );
    expect(lines[0]).toBe('  [schema/breaking-change] breaking change against version 1: field "wind" removed');
  });
});

describe('formatReport', () => {
  const title = { type: 'header/title-row', file: 'a.csv', message: 'm', hint: 'h' } as const;

  it('does not count rows when none were read (a title row refused before reading)', () => {
    expect(formatReport('d', refused([title], 0)).split('\n')[0]).toBe(
      '✗ d: 1 problem(s), no rows read — the release would be refused',
    );
    expect(formatReport('d', refused([title], 5)).split('\n')[0]).toBe(
      '✗ d: 1 problem(s) in 5 rows read — the release would be refused',
    );
  });

  it('says a release whose checks ran was refused (opendata release, status, approve)', () => {
    const checks = { ...refused([title], 0), checkedAt: '2026-11-22T00:00:00.000Z' };
    expect(formatReport('d', checks).split('\n')[0]).toBe('✗ d: 1 problem(s), no rows read — the release was refused');
    const { cap: _, ...stored } = checks;
    const release = {
      id: 'd-1',
      datasetId: 'd',
      department: 'demo',
      state: 'checks-failed',
      history: [],
      manifest: {},
      checks: stored,
    } as unknown as Parameters<typeof formatRelease>[0];
    const text = formatRelease(release);
    expect(text).toContain('the release was refused');
    expect(text).not.toContain('would be refused');
  });
});
