import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiSnippets, LARGE_FILE_BYTES, shellQuote, soqlExample, soqlName } from '../../../site/src/lib/snippets.ts';
import type { CatalogSnapshot, SnapshotDataset } from '../../../site/src/lib/types.ts';

const snapshot = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'), 'utf8'),
) as CatalogSnapshot;
const dataset = (id: string) => snapshot.datasets.find((d) => d.entry.id === id) as SnapshotDataset;

/** The dataset with every file of its latest version `bytes` bytes long. */
function grown(d: SnapshotDataset, bytes: number): SnapshotDataset {
  return {
    ...d,
    versions: d.versions.map((v) =>
      v.version === d.entry.latestVersion ? { ...v, artifacts: v.artifacts.map((a) => ({ ...a, bytes })) } : v,
    ),
  };
}

const byId = (s: ReturnType<typeof apiSnippets>) => Object.fromEntries(s.map((x) => [x.id, x.code]));

describe('the dataset page’s code snippets (M8)', () => {
  const air = dataset('beijing-air-quality');

  it('read whole files when they are small', () => {
    const code = byId(apiSnippets(air, 'http://localhost:8787'));
    expect(code.python).toContain(
      'pd.read_csv("http://localhost:8787/v1/datasets/beijing-air-quality/versions/latest/data.csv")',
    );
    expect(code.js).toContain('/versions/latest/data.json');
    expect(code.r).toContain('read.csv(');
  });

  it('read Parquet (pandas, R, DuckDB) and a page of the query API (JavaScript) above the size threshold', () => {
    const code = byId(apiSnippets(grown(air, LARGE_FILE_BYTES + 1), 'http://localhost:8787'));
    expect(code.python).toContain(
      'pd.read_parquet("http://localhost:8787/v1/datasets/beijing-air-quality/versions/latest/data.parquet")',
    );
    expect(code.python).not.toContain('data.csv"');
    expect(code.r).toContain('arrow::read_parquet');
    expect(code.r).not.toContain('read.csv');
    expect(code.js).not.toContain('data.json"');
    expect(code.js).toContain('fetch("http://localhost:8787/v1/datasets/beijing-air-quality/query?$limit=1000")');
    expect(code.duckdb).toContain(
      "read_parquet('http://localhost:8787/v1/datasets/beijing-air-quality/versions/latest/data.parquet')",
    );
  });

  it('builds the SoQL example from the dataset’s own columns and preview values, and leaves pinning a version to the page', () => {
    expect(soqlExample(air).params).toEqual([
      ['$select', 'station, aqi'],
      ['$where', 'aqi >= 85'],
      ['$order', 'aqi DESC'],
      ['$limit', '10'],
    ]);
    // Only text columns: the first value of a text column that is not the key.
    expect(soqlExample(dataset('admin-divisions')).params).toContainEqual(['$where', "name = '北京市'"]);
    const code = byId(apiSnippets(air, 'http://localhost:8787', 'zh-CN'));
    expect(code.soql).toContain("--data-urlencode '$where=aqi >= 85'");
    // How to pin a version is said once, by the page's localized paragraph, not again in the snippet.
    expect(code.soql).not.toMatch(/version=|#/);
    // Each dataset gets its own example.
    expect(code.soql).not.toBe(byId(apiSnippets(dataset('bus-stops'), 'http://localhost:8787')).soql);
  });

  it('backquotes column names SoQL cannot read bare', () => {
    expect(soqlName('adjusted CO2')).toBe('`adjusted CO2`');
    expect(soqlName('order_date')).toBe('order_date');
    expect(soqlName('desc')).toBe('`desc`');
    expect(soqlName('名称')).toBe('名称');
  });

  it('quotes for a shell so that it reads the text back as written', () => {
    for (const s of ["$where=name = 'O''Brien'", '$select=`adjusted CO2`, x', '$where=a = \'x!\' AND b = "$HOME\\n"']) {
      expect(execFileSync('bash', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' })).toBe(s);
    }
  });
});
