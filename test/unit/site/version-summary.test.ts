import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';
import type { SnapshotDataset } from '../../../site/src/lib/types.ts';
import { fieldsAddedEveryRow, versionSummary } from '../../../site/src/lib/version-summary.ts';

const snapshot = readSnapshot(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'));
const admin = snapshot.datasets.find((d) => d.entry.id === 'admin-divisions') as SnapshotDataset;
const v2 = admin.versions.find((v) => v.version === 2) as SnapshotDataset['versions'][number];
const v1 = admin.versions.find((v) => v.version === 1) as SnapshotDataset['versions'][number];
type Version = typeof v2;

/** mauna-loa-co2's version 2: a column filled in for the 509 rows of version 1, and 232 new rows. */
const co2: Version = {
  ...v2,
  rowCount: 741,
  breaking: false,
  diff: {
    fromVersion: 1,
    fieldsAdded: ['adjusted CO2'],
    fieldsRemoved: [],
    fieldsRetyped: [],
    primaryKeyChanged: false,
    rowsAdded: 232,
    rowsRemoved: 0,
    rowsChanged: 0,
    sampleKeys: { added: [], removed: [], changed: [] },
    breaking: false,
  },
};

describe('a version that added a field (review finding 18: "rows changed: 0" hid a change to every row)', () => {
  it('says the field was added to every row, the rows kept from the version before included', () => {
    expect(fieldsAddedEveryRow(co2, 'zh-CN')).toBe('新增字段加入了每一行：本版全部 741 行，包括第 1 版已有的 509 行');
    expect(fieldsAddedEveryRow(co2, 'en')).toBe(
      'The new field was added to every row: all 741, including the 509 kept from version 1',
    );
    const two = { ...co2, diff: { ...co2.diff!, fieldsAdded: ['a', 'b'] } };
    expect(fieldsAddedEveryRow(two, 'en')).toMatch(/^The new fields were added to every row/);
  });

  it('says only "every row" when the rows kept are not known (no row diff) or there are none', () => {
    const noRows = { ...co2, diff: { ...co2.diff!, rowsAdded: null, rowsRemoved: null, rowsChanged: null } };
    expect(fieldsAddedEveryRow(noRows, 'zh-CN')).toBe('新增字段加入了每一行（本版共 741 行）');
    const allNew = { ...co2, diff: { ...co2.diff!, rowsAdded: 741 } };
    expect(fieldsAddedEveryRow(allNew, 'en')).toBe('The new field was added to every row (741)');
    expect(fieldsAddedEveryRow(v1, 'en')).toBeNull();
    expect(fieldsAddedEveryRow({ ...co2, diff: { ...co2.diff!, fieldsAdded: [] } }, 'en')).toBeNull();
  });

  it('puts it in the feed summary, with the page language’s punctuation', () => {
    expect(versionSummary(co2, 'zh-CN')).toContain(
      '相对第 1 版的变更：新增字段 adjusted CO2；新增行 232。新增字段加入了每一行：本版全部 741 行，包括第 1 版已有的 509 行。',
    );
    expect(versionSummary(co2, 'en')).toContain(
      'The new field was added to every row: all 741, including the 509 kept from version 1.',
    );
    // admin-divisions v2 added `level` and retyped `code`: Chinese list marks and brackets, and "rows changed" says what it compared.
    const zh = versionSummary(v2, 'zh-CN');
    expect(zh).toContain('类型变更字段 code（整数 → 文本）');
    expect(versionSummary(v2, 'en')).toContain('fields retyped: code (whole number → text)');
    expect(zh).toContain('修改行（只比较两个版本都有、类型未变的字段） 31');
    expect(zh).not.toMatch(/[\p{Script=Han}] ?[(,]/u);
  });
});
