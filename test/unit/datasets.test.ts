/**
 * The sample catalogue in `datasets/`: every manifest parses with the real schema, cites registered
 * publishers and licences, points at files that exist, and describes its data truthfully (checked
 * against the data itself with DuckDB: header, types, primary key, constraints).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LicensesFile, PublishersFile } from '../../functions/core/manifest/registry.ts';
import { DatasetManifest, type FieldSpec, type SourceFile } from '../../functions/core/manifest/schema.ts';
import { SPDX_LICENSES } from '../../functions/core/manifest/spdx-licenses.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATASETS = join(ROOT, 'datasets');
const MAX_COMMITTED_BYTES = 2_000_000;
const CJK = /[\u3400-\u9fff]/;

interface ManifestEntry {
  /** Dataset folder name (the expected id). */
  datasetDir: string;
  /** Folder holding dataset.yaml (the dataset folder, or one of its releases). */
  dir: string;
  /** Short name for test titles. */
  label: string;
}

function listManifests(): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const name of readdirSync(DATASETS).sort()) {
    const datasetDir = join(DATASETS, name);
    if (!statSync(datasetDir).isDirectory()) continue;
    if (existsSync(join(datasetDir, 'dataset.yaml'))) {
      entries.push({ datasetDir: name, dir: datasetDir, label: name });
    }
    const releases = join(datasetDir, 'releases');
    if (existsSync(releases)) {
      for (const rel of readdirSync(releases).sort()) {
        entries.push({ datasetDir: name, dir: join(releases, rel), label: `${name}/releases/${rel}` });
      }
    }
  }
  return entries;
}

function loadYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

function loadManifest(e: ManifestEntry): DatasetManifest {
  return DatasetManifest.parse(loadYaml(join(e.dir, 'dataset.yaml')));
}

/** Absolute path of a source file: relative to the manifest, or inside an installed npm package. */
function resolveSource(dir: string, f: SourceFile): string {
  if ('path' in f) return resolve(dir, f.path);
  const parts = f.package.split('/');
  const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
  return join(ROOT, 'node_modules', ...parts.slice(0, nameLength), ...parts.slice(nameLength));
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walkFiles(join(dir, d.name)) : [join(dir, d.name)],
  );
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

const CAST: Partial<Record<FieldSpec['type'], string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
  year: 'INTEGER',
};

/** One aggregate per claim the manifest makes about a field; each must count 0 violations. */
function fieldChecks(f: FieldSpec): Record<string, string> {
  const col = `${ident(f.name)}::VARCHAR`;
  const sqlType = CAST[f.type];
  const typed = sqlType ? `TRY_CAST(${col} AS ${sqlType})` : col;
  const checks: Record<string, string> = {};
  if (sqlType)
    checks[`${f.name}: values cast to ${f.type}`] = `count(*) FILTER (WHERE ${col} IS NOT NULL AND ${typed} IS NULL)`;
  const c = f.constraints;
  if (c?.required) checks[`${f.name}: required`] = `count(*) FILTER (WHERE ${col} IS NULL)`;
  if (c?.unique) checks[`${f.name}: unique`] = `count(${col}) - count(DISTINCT ${col})`;
  if (c?.enum) {
    checks[`${f.name}: enum`] =
      `count(*) FILTER (WHERE ${col} NOT IN (${c.enum.map((v) => lit(String(v))).join(', ')}))`;
  }
  if (c?.pattern)
    checks[`${f.name}: pattern`] = `count(*) FILTER (WHERE NOT regexp_full_match(${col}, ${lit(c.pattern)}))`;
  if (c?.maxLength) checks[`${f.name}: maxLength`] = `count(*) FILTER (WHERE length(${col}) > ${c.maxLength})`;
  const bound = (v: string | number) => (typeof v === 'number' ? String(v) : `${lit(v)}::${sqlType ?? 'VARCHAR'}`);
  if (c?.minimum !== undefined) checks[`${f.name}: minimum`] = `count(*) FILTER (WHERE ${typed} < ${bound(c.minimum)})`;
  if (c?.maximum !== undefined) checks[`${f.name}: maximum`] = `count(*) FILTER (WHERE ${typed} > ${bound(c.maximum)})`;
  return checks;
}

const publishers = PublishersFile.parse(loadYaml(join(DATASETS, 'publishers.yaml'))).publishers;
const customLicenses = LicensesFile.parse(loadYaml(join(DATASETS, 'licenses.yaml'))).licenses;
const manifests = listManifests();

describe('datasets/ registries', () => {
  it('registers publishers with unique ids and e-mails', () => {
    const ids = publishers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of publishers) {
      expect(p.name['zh-CN'], p.id).toMatch(CJK);
      expect(p.name.en, p.id).toBeTruthy();
    }
  });

  it('registers only custom licences, none shadowing a built-in SPDX licence', () => {
    const builtIn = new Set(SPDX_LICENSES.map((l) => l.id));
    const ids = customLicenses.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(builtIn.has(id), id).toBe(false);
  });

  it('has at least 9 datasets spread over at least 4 publishers, using every registered licence', () => {
    const loaded = manifests.map(loadManifest);
    expect(new Set(loaded.map((m) => m.id)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(loaded.map((m) => m.publisher)).size).toBeGreaterThanOrEqual(4);
    const used = new Set(loaded.map((m) => m.license));
    for (const l of customLicenses) expect(used.has(l.id), `${l.id} is registered but unused`).toBe(true);
  });

  it('lays out each dataset either as one dataset.yaml or as releases/NN-label/ folders', () => {
    for (const name of readdirSync(DATASETS)) {
      const dir = join(DATASETS, name);
      if (!statSync(dir).isDirectory()) continue;
      const single = existsSync(join(dir, 'dataset.yaml'));
      const releases = existsSync(join(dir, 'releases'));
      expect(single !== releases, `${name}: exactly one of dataset.yaml and releases/`).toBe(true);
      if (releases) {
        for (const rel of readdirSync(join(dir, 'releases'))) {
          expect(rel, name).toMatch(/^\d{2}-[a-z0-9][a-z0-9.-]*$/);
          expect(existsSync(join(dir, 'releases', rel, 'dataset.yaml')), `${name}/releases/${rel}`).toBe(true);
        }
      }
    }
  });

  it('commits no data file over 2 MB', () => {
    for (const file of walkFiles(DATASETS)) {
      expect(statSync(file).size, relative(ROOT, file)).toBeLessThanOrEqual(MAX_COMMITTED_BYTES);
    }
  });
});

describe.each(manifests)('manifest $label', (entry) => {
  const path = join(entry.dir, 'dataset.yaml');

  it('parses with the DatasetManifest schema', () => {
    const result = DatasetManifest.safeParse(loadYaml(path));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has the folder name as id and a registered publisher and licence', () => {
    const m = loadManifest(entry);
    expect(m.id).toBe(entry.datasetDir);
    const publisher = publishers.find((p) => p.id === m.publisher);
    expect(publisher, `publisher ${m.publisher}`).toBeDefined();
    const licenseIds = [...SPDX_LICENSES, ...customLicenses].map((l) => l.id);
    expect(licenseIds).toContain(m.license);
  });

  it('is described in zh-CN and en, with an honest source citation', () => {
    const m = loadManifest(entry);
    for (const text of [m.title, m.description]) {
      expect(text['zh-CN']).toMatch(CJK);
      expect(text.en).toBeTruthy();
    }
    expect(m.description['zh-CN']!.length).toBeGreaterThanOrEqual(100);
    expect(m.description.en!.length).toBeGreaterThanOrEqual(100);
    expect(
      m.keywords.some((k) => CJK.test(k)),
      'a Chinese keyword',
    ).toBe(true);
    expect(
      m.keywords.some((k) => /^[\x20-\x7e]+$/.test(k)),
      'an English keyword',
    ).toBe(true);
    expect(m.source.origin?.publisher).toBeTruthy();
    expect(m.source.origin?.url).toBeTruthy();
    expect(m.source.origin?.note).toBeTruthy();
    for (const f of m.fields) {
      expect(f.title?.['zh-CN'], `${f.name} title`).toMatch(CJK);
      expect(f.title?.en, `${f.name} title`).toBeTruthy();
      expect(f.description?.['zh-CN'], `${f.name} description`).toMatch(CJK);
      expect(f.description?.en, `${f.name} description`).toBeTruthy();
    }
  });

  it('references source files that exist (committed ones at most 2 MB)', () => {
    const m = loadManifest(entry);
    for (const f of m.source.files) {
      const file = resolveSource(entry.dir, f);
      expect(existsSync(file), file).toBe(true);
      if ('path' in f) {
        expect(file.startsWith(entry.dir), `${f.path} stays inside the dataset folder`).toBe(true);
        expect(statSync(file).size).toBeLessThanOrEqual(MAX_COMMITTED_BYTES);
      }
    }
  });
});

describe('source data matches the manifests (DuckDB)', () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  let work: string;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    db = await instance.connect();
    work = mkdtempSync(join(tmpdir(), 'datasets-test-'));
  });

  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A DuckDB relation over one source file; GBK/GB18030 files are decoded with iconv-lite first. */
  function relation(m: DatasetManifest, file: string, index: number): string {
    if (m.source.format === 'parquet') return `read_parquet(${lit(file)})`;
    if (m.source.format !== 'csv') throw new Error(`format ${m.source.format} is not checked here`);
    let csv = file;
    if (m.source.encoding === 'gbk' || m.source.encoding === 'gb18030') {
      const bytes = readFileSync(file);
      const text = iconv.decode(bytes, m.source.encoding);
      expect(text, 'decodes without replacement characters').not.toContain('\uFFFD');
      expect(bytes.toString('utf8'), 'really is not UTF-8').toContain('\uFFFD');
      csv = join(work, `${m.id}-${index}.utf8.csv`);
      writeFileSync(csv, text);
    }
    const delim = m.source.delimiter ? `, delim = ${lit(m.source.delimiter)}` : '';
    return `read_csv(${lit(csv)}, header = true, all_varchar = true${delim})`;
  }

  it.each(manifests)('$label: columns, types, primary key and constraints hold', async (entry) => {
    const m = loadManifest(entry);
    const declared = m.fields.map((f) => f.name);
    for (const [index, f] of m.source.files.entries()) {
      const from = relation(m, resolveSource(entry.dir, f), index);

      const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
      const columns = described.getRowObjectsJS().map((r) => String(r['column_name']));
      expect(columns, 'source header equals the declared fields, in order').toEqual(declared);

      const checks: Record<string, string> = { rows: 'count(*)' };
      for (const field of m.fields) Object.assign(checks, fieldChecks(field));
      if (m.primaryKey.length > 0) {
        const key = m.primaryKey.map(ident).join(', ');
        checks[`primary key (${m.primaryKey.join(', ')}) unique`] = `count(*) - count(DISTINCT (${key}))`;
        checks[`primary key (${m.primaryKey.join(', ')}) present`] =
          `count(*) FILTER (WHERE ${m.primaryKey.map((c) => `${ident(c)} IS NULL`).join(' OR ')})`;
      }
      const names = Object.keys(checks);
      const select = names.map((n, i) => `${checks[n]} AS c${i}`).join(', ');
      const result = await db.runAndReadAll(`SELECT ${select} FROM ${from}`);
      const row = result.getRowsJS()[0]!.map(Number);
      expect(row[0], 'rows').toBeGreaterThan(0);
      const violations = Object.fromEntries(names.slice(1).map((n, i) => [n, row[i + 1]]));
      expect(violations).toEqual(Object.fromEntries(names.slice(1).map((n) => [n, 0])));
    }
  });

  it('la-riots-deaths declares no k-anonymity: the treated quasi-identifiers leave unique rows', async () => {
    const entry = manifests.find((e) => e.label === 'la-riots-deaths');
    expect(entry).toBeDefined();
    const m = loadManifest(entry!);
    expect(m.kAnonymity).toBeUndefined();
    const from = relation(m, resolveSource(entry!.dir, m.source.files[0]!), 0);
    const r = await db.runAndReadAll(
      `SELECT min(n)::INTEGER AS smallest FROM (SELECT count(*) AS n FROM ${from}
         GROUP BY TRY_CAST(age AS INTEGER) // 10, gender)`,
    );
    expect(r.getRowObjectsJS()[0]!['smallest']).toBe(1);
  });

  it('mauna-loa-co2 release 2 is a non-breaking superset of release 1', () => {
    const releases = manifests.filter((e) => e.datasetDir === 'mauna-loa-co2').map(loadManifest);
    expect(releases).toHaveLength(2);
    const [v1, v2] = releases as [DatasetManifest, DatasetManifest];
    for (const f of v1.fields) expect(v2.fields.find((g) => g.name === f.name)?.type, f.name).toBe(f.type);
    expect(v2.fields.length).toBe(v1.fields.length + 1);
    expect(v2.breaking).toBeUndefined();
  });
});
