/**
 * A release is one catalog record (a DynamoDB item: 400 KB at most) holding its manifest and its check
 * report: both are bounded in bytes, and a manifest over its bound is refused with a clear problem.
 */
import { describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../functions/core/errors.ts';
import { MANIFEST_MAX_BYTES, parseManifestYaml } from '../../../functions/core/manifest/parse.ts';
import { issuesToStore, STORED_ISSUES_MAX_BYTES } from '../../../functions/core/release/stored-issues.ts';
import type { ValidationIssue } from '../../../functions/core/validation/report.ts';

const issue = (row: number, value: string): ValidationIssue => ({
  type: 'cell/type',
  file: 'data.csv',
  row,
  field: 'pm25',
  value,
  message: `"${value}" is not a number`,
  hint: 'write a number such as 3.14',
});
const bytes = (x: unknown) => new TextEncoder().encode(JSON.stringify(x)).length;

describe('issuesToStore', () => {
  it('keeps the first 100 short issues, in order', () => {
    const issues = Array.from({ length: 150 }, (_, i) => issue(i + 1, 'x'));
    const kept = issuesToStore(issues);
    expect(kept).toHaveLength(100);
    expect(kept.map((k) => k.row)).toEqual(issues.slice(0, 100).map((k) => k.row));
  });

  it('keeps fewer when long Chinese values would pass the byte budget', () => {
    // 200 clipped characters of Chinese, quoted again in the message: about 1.4 KB each.
    const issues = Array.from({ length: 100 }, (_, i) => issue(i + 1, '数'.repeat(200)));
    expect(bytes(issues)).toBeGreaterThan(120_000);
    const kept = issuesToStore(issues);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(100);
    expect(bytes(kept)).toBeLessThanOrEqual(STORED_ISSUES_MAX_BYTES);
    expect(kept).toEqual(issues.slice(0, kept.length));
  });
});

describe('manifest size', () => {
  const manifest = (description: string) => `id: visits
title: {en: Visits}
description: {zh-CN: '${description}'}
publisher: demo-stats
contact: {name: Open data office, email: opendata@example.org}
themes: [health]
license: CC-BY-4.0
updateFrequency: monthly
source: {files: [{path: visits.csv}], format: csv}
fields:
  - {name: code, type: string}
`;

  it(`refuses a manifest over ${MANIFEST_MAX_BYTES} bytes of metadata, saying how large it is and what to do`, () => {
    let error: AppError | undefined;
    try {
      parseManifestYaml(manifest('说明'.repeat(45_000)), 'datasets/visits/dataset.yaml');
    } catch (e) {
      if (isAppError(e)) error = e;
    }
    expect(error?.detail).toBe('datasets/visits/dataset.yaml is too large');
    expect(error?.errors[0]?.message).toMatch(
      /^the manifest holds 270,\d{3} bytes of metadata \(UTF-8\); the limit is 256,000$/,
    );
    expect(error?.errors[0]?.hint).toMatch(/shorten the longest descriptions/);
  });

  it('accepts one just under the limit', () => {
    expect(parseManifestYaml(manifest('说明'.repeat(42_000)), 'datasets/visits/dataset.yaml').id).toBe('visits');
  });
});
