import { describe, expect, it } from 'vitest';
import { formatRelease } from '../../../functions/cli/release-format.ts';
import { errorKind } from '../../../functions/core/error-kind.ts';
import { SYSTEM_PRINCIPAL } from '../../../functions/core/release/principal.ts';
import type { Release } from '../../../functions/core/release/release.ts';
import { recordChecks, recordChecksError } from '../../../functions/core/release/transitions.ts';

const submitted = {
  id: 'air-1',
  datasetId: 'air',
  department: 'demo-ecology-environment',
  state: 'submitted',
  createdBy: 'alice',
  createdAt: '2026-11-22T00:00:00.000Z',
  manifest: {},
  manifestSha256: 'a',
  dataSha256: 'b',
  files: [],
  breaking: false,
  history: [],
} as unknown as Release;

describe('checks that could not run', () => {
  it('names the class of an error, never its text', () => {
    expect(errorKind(new Error('Binder Error: Referenced column "身份证" not found'))).toBe('Binder Error');
    expect(errorKind(new Error('Out of Memory Error: failed to allocate'))).toBe('Out of Memory Error');
    expect(errorKind(new TypeError('x is undefined: 13812345678'))).toBe('TypeError');
    expect(errorKind(new Error('Could not convert string "13812345678"'))).toBe('Error');
    expect(errorKind('a string')).toBe('Error');
  });

  it('counts failed attempts on the submitted release, and forgets them once the checks ran', () => {
    const once = recordChecksError(submitted, SYSTEM_PRINCIPAL, 'Binder Error', 't1');
    const twice = recordChecksError(once, SYSTEM_PRINCIPAL, 'Binder Error', 't2');
    expect(twice.state).toBe('submitted');
    expect(twice.checksError).toEqual({ kind: 'Binder Error', at: 't2', attempts: 2 });
    const report = { valid: true, rowsRead: 1, total: 0, counts: {}, issues: [], checkedAt: 't3' };
    const checked = recordChecks(twice, SYSTEM_PRINCIPAL, { report, breaking: false }, 't3');
    expect(checked.state).toBe('checks-passed');
    expect(checked.checksError).toBeUndefined();
    expect(formatRelease(twice)).toMatch(/checks could not run: an internal Binder Error \(2 attempt\(s\)/);
    expect(() => recordChecksError(checked, SYSTEM_PRINCIPAL, 'Error', 't4')).toThrow();
    expect(() => recordChecksError(submitted, { ...SYSTEM_PRINCIPAL, system: false }, 'Error', 't4')).toThrow();
  });
});
