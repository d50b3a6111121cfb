import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DatasetManifest } from '../../functions/core/manifest/schema.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = () =>
  parse(readFileSync(join(ROOT, 'datasets', 'seattle-weather', 'dataset.yaml'), 'utf8')) as {
    fields: Array<{ name: string }>;
  };

describe('field names', () => {
  it('accepts the sample manifest as is', () => {
    expect(DatasetManifest.safeParse(sample()).success).toBe(true);
  });

  it.each(['__row', '__search', 'file_row_number', 'rowid', 'RowID', 'FILE_ROW_NUMBER'])(
    'refuses %s (the pipeline and query engine use it)',
    (name) => {
      const m = sample();
      (m.fields[1] as { name: string }).name = name;
      const r = DatasetManifest.safeParse(m);
      expect(r.success).toBe(false);
      const issue = r.error?.issues.find((i) => i.path.join('.') === 'fields.1.name');
      expect(issue?.message).toMatch(/reserved.*rename the column/);
    },
  );

  it.each(['a\nb', 'x\u001b[31m', 'tab\there', 'c1\u0085'])('refuses control characters in %j', (name) => {
    const m = sample();
    (m.fields[1] as { name: string }).name = name;
    const r = DatasetManifest.safeParse(m);
    expect(r.error?.issues.find((i) => i.path.join('.') === 'fields.1.name')?.message).toMatch(/control characters/);
  });

  it.each(['=HYPERLINK("http://evil.example","x")', '+1', '@sum'])(
    'refuses %s, a formula in the CSV header',
    (name) => {
      const m = sample();
      (m.fields[1] as { name: string }).name = name;
      const r = DatasetManifest.safeParse(m);
      expect(r.error?.issues.find((i) => i.path.join('.') === 'fields.1.name')?.message).toMatch(/formula/);
    },
  );
});
