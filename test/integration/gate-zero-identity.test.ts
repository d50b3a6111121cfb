/**
 * Zero identity: a dataset full of personal data (faker zh_CN names, addresses, e-mails, phones;
 * id-validator resident IDs; Luhn card numbers; free-text remarks with identifiers inside) goes
 * through `opendata preview`, which writes every file a version would publish. No original value
 * may appear in any byte of any artifact (nor in the decoded Parquet), an untreated remarks column
 * gets the release refused by the residual PII scan, and a declared exception lets it through.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/cli/main.ts';
import type { DatasetManifestInput } from '../../functions/core/manifest/schema.ts';
import { scanText } from '../../functions/core/protection/detectors/index.ts';
import type { ValidationReport } from '../../functions/core/validation/report.ts';
import { readTree } from '../fixtures/gate/harness.ts';
import { faker, makeCard, makeEmail, makeMobile, makeResidentId } from '../unit/protection/generators.ts';

const ROWS = 240;
const DISTRICTS = ['东城区', '西城区', '朝阳区'];

interface Person {
  record_id: number;
  name: string;
  resident_id: string;
  phone: string;
  email: string;
  address: string;
  card: string;
  birth_date: string;
  age: number;
  sex: string;
  district: string;
  remarks: string;
}

function people(): Person[] {
  faker.seed(20261122);
  return Array.from({ length: ROWS }, (_, i) => {
    const birth = faker.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const p = {
      record_id: i + 1,
      name: faker.person.fullName(),
      resident_id: makeResidentId(),
      phone: makeMobile(),
      email: makeEmail(),
      address: `${faker.location.state()}${faker.location.city()}${faker.location.street()}${faker.location.buildingNumber()}号`,
      card: makeCard(),
      birth_date: birth.toISOString().slice(0, 10),
      age: 2026 - birth.getUTCFullYear(),
      sex: faker.helpers.arrayElement(['男', '女']),
      district: faker.helpers.arrayElement(DISTRICTS),
    };
    const remarks = [
      `请回电 ${p.phone}`,
      `邮箱：${p.email}，地址 ${p.address}`,
      `身份证号${p.resident_id}，已核实`,
      `退款到卡 ${p.card}（${p.name}）`,
    ][i % 4] as string;
    return { ...p, remarks };
  });
}

const csvCell = (v: string | number) => `"${String(v).replaceAll('"', '""')}"`;
const toCsv = (rows: readonly Person[]) =>
  [Object.keys(rows[0] as object).join(','), ...rows.map((r) => Object.values(r).map(csvCell).join(','))].join('\n');

type Fields = DatasetManifestInput['fields'];
const FIELDS = (remarks: Fields[number]): Fields => [
  { name: 'record_id', type: 'integer', constraints: { required: true, unique: true } },
  { name: 'name', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize', length: 16 } },
  { name: 'resident_id', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 6 } },
  { name: 'phone', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3, keepLast: 2 } },
  { name: 'email', type: 'string', grade: 'sensitive', treatment: { kind: 'redact' } },
  { name: 'address', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
  { name: 'card', type: 'string', grade: 'internal' },
  { name: 'birth_date', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
  { name: 'age', type: 'integer', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 20 } },
  { name: 'sex', type: 'string', constraints: { enum: ['男', '女'] } },
  { name: 'district', type: 'string' },
  remarks,
];

function manifest(remarks: Fields[number], extra: Partial<DatasetManifestInput> = {}): DatasetManifestInput {
  return {
    id: 'citizen-callbacks',
    title: { 'zh-CN': '市民回访记录（测试）', en: 'Citizen call-backs (test)' },
    description: { en: 'Generated personal data for the zero-identity test.' },
    publisher: 'demo-stats',
    contact: { name: 'Open data office', email: 'opendata@stats.demo-city.example' },
    themes: ['government'],
    license: 'CC-BY-4.0',
    updateFrequency: 'irregular',
    source: { files: [{ path: 'data.csv' }], format: 'csv' },
    primaryKey: ['record_id'],
    fields: FIELDS(remarks),
    kAnonymity: { quasiIdentifiers: ['age', 'sex', 'district'], k: 3, suppress: true },
    ...extra,
  };
}

let root: string;
const data = people();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gate-zero-'));
  for (const f of ['publishers.yaml', 'licenses.yaml']) await copyFile(join('datasets', f), join(root, f));
  await writeFile(join(root, 'pseudonym.key'), '5e'.repeat(32));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function preview(name: string, m: DatasetManifestInput, csv: string) {
  // The folder is named after the dataset id (the manifest parser checks it).
  const dir = join(root, name, 'citizen-callbacks');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'dataset.yaml'), stringify(m));
  await writeFile(join(dir, 'data.csv'), csv);
  const out = join(root, `${name}-out`);
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s), env: {}, cwd: root };
  const code = await main(['preview', dir, '--out', out, '--key-file', join(root, 'pseudonym.key'), '--json'], io);
  const result = JSON.parse(lines.join('\n')) as { valid: boolean; files: string[]; report: ValidationReport };
  return { code, out, result };
}

/** Every artifact as text: raw bytes (latin1 keeps UTF-8 sequences findable) plus the decoded Parquet. */
async function artifactText(out: string): Promise<string> {
  const tree = await readTree(out);
  const parts = [...tree.values()].map((b) => b.toString('utf8'));
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const reader = await c.runAndReadAll(`SELECT * FROM read_parquet('${join(out, 'data.parquet')}')`);
  parts.push(JSON.stringify(reader.getRowObjectsJson()));
  c.closeSync();
  inst.closeSync();
  return parts.join('\n');
}

const IDENTITY_FIELDS = ['name', 'resident_id', 'phone', 'email', 'address', 'card', 'remarks'] as const;

describe('zero identity', () => {
  it('publishes no original identity in any artifact byte', async () => {
    const { code, out, result } = await preview(
      'treated',
      manifest({ name: 'remarks', type: 'string', grade: 'sensitive', treatment: { kind: 'redact' } }),
      toCsv(data),
    );
    expect(result.report.issues).toEqual([]);
    expect(code).toBe(0);
    expect(result.files.sort()).toEqual(
      [
        'SHA256SUMS',
        'data.csv',
        'data.json',
        'data.ndjson',
        'data.parquet',
        'datapackage.json',
        'deidentification-report.json',
        'preview.json',
        'validation-report.json',
      ].sort(),
    );
    const text = await artifactText(out);
    const leaks: string[] = [];
    for (const p of data) {
      for (const f of IDENTITY_FIELDS) if (text.includes(p[f])) leaks.push(`${f}: ${p[f]}`);
      // The full birth date (with day) is identifying together with the rest; only the year is published.
      if (text.includes(p.birth_date)) leaks.push(`birth_date: ${p.birth_date}`);
    }
    expect(leaks).toEqual([]);
    // Nothing the detectors recognise is left in the published values either (pseudonyms are hex
    // HMACs: a run of their digits can look like a phone number, so they are left out, as in the gate).
    const nd = (await readFile(join(out, 'data.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const values = nd.flatMap(({ name: _pseudonym, ...rest }) => Object.values(rest)).join('\n');
    expect(scanText(values).map((h) => `${h.detector}: ${h.value}`)).toEqual([]);
    // Still useful: pseudonyms, masked prefixes, bands and years are published.
    expect(nd.length).toBeGreaterThan(0);
    expect(nd.length).toBeLessThanOrEqual(ROWS);
    expect(Object.keys(nd[0])).toEqual([
      'record_id',
      'name',
      'resident_id',
      'phone',
      'email',
      'birth_date',
      'age',
      'sex',
      'district',
      'remarks',
    ]);
    expect(nd[0].name).toMatch(/^[0-9a-f]{16}$/);
    expect(nd[0].resident_id).toMatch(/^[0-9]{6}\*{12}$/);
    expect(nd[0].email).toBeNull();
    expect(nd[0].remarks).toBeNull();
    const deid = JSON.parse(await readFile(join(out, 'deidentification-report.json'), 'utf8'));
    expect(deid.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['name', 'address', 'card', 'remarks']),
    );
    const csv = await readFile(join(out, 'data.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('would see a leak (control: a name column graded public by mistake is found in the artifacts)', async () => {
    const m = manifest({ name: 'remarks', type: 'string', grade: 'sensitive', treatment: { kind: 'redact' } });
    m.fields = m.fields.map((f) => (f.name === 'name' ? { name: 'name', type: 'string' } : f));
    const { code, out } = await preview('control', m, toCsv(data));
    expect(code).toBe(0); // names are not machine-detectable: grading is the publisher's job
    const text = await artifactText(out);
    expect(data.filter((p) => text.includes(p.name)).length).toBeGreaterThan(ROWS / 2);
  });

  it('refuses an untreated remarks column with a residual-PII report (column, detector, count, masked examples)', async () => {
    const { code, out, result } = await preview(
      'untreated',
      manifest({ name: 'remarks', type: 'string' }),
      toCsv(data),
    );
    expect(code).toBe(1);
    expect(result.valid).toBe(false);
    const residual = result.report.issues.filter((i) => i.type === 'pii/residual');
    // The remarks also hold their row's withheld values (phone, e-mail, address, ID, card, name).
    const sameRow = residual.filter((i) => i.hint.includes('"same-row-value"'));
    expect(sameRow.map((i) => i.message.match(/value of "([^"]+)"/)?.[1]).sort()).toEqual(
      ['address', 'card', 'email', 'name', 'phone', 'resident_id'].sort(),
    );
    const pii = residual.filter((i) => !sameRow.includes(i));
    expect(pii.map((i) => i.field)).toEqual(['remarks', 'remarks', 'remarks', 'remarks']);
    const byDetector = Object.fromEntries(pii.map((i) => [i.message.match(/look like ([^(]+) \(/)?.[1]?.trim(), i]));
    expect(Object.keys(byDetector).length).toBe(4);
    for (const i of pii) {
      expect(i.message).toMatch(/^\d+ value\(s\) in "remarks"/);
      expect(i.value).toMatch(/\*/);
      expect(i.hint).toContain('piiExceptions');
    }
    expect(pii.find((i) => i.hint.includes('"mobile-cn"'))?.message).toMatch(new RegExp(`^${ROWS / 4} value`));
    // Refused: only the report is written, and it holds no original value.
    const tree = await readTree(out);
    expect([...tree.keys()].map((k) => k.slice(out.length + 1))).toEqual(['validation-report.json']);
    const reportText = [...tree.values()].join('');
    for (const p of data) for (const f of IDENTITY_FIELDS) expect(reportText).not.toContain(p[f]);
  });

  it('lets a column through when the manifest declares a justified exception for that detector', async () => {
    const switchboard = data.map((p, i) => ({
      ...p,
      remarks: `请拨打服务热线 ${['13800138000', '13911112222'][i % 2]} 咨询`,
    }));
    const remarks = { name: 'remarks', type: 'string' } as const;
    const refused = await preview('hotline', manifest(remarks), toCsv(switchboard));
    expect(refused.code).toBe(1);
    expect(refused.result.report.counts).toEqual({ 'pii/residual': 1 });
    const ok = await preview(
      'hotline-excepted',
      manifest(remarks, {
        piiExceptions: [
          {
            field: 'remarks',
            detector: 'mobile-cn',
            justification: 'official public service hotline numbers printed on every notice',
          },
        ],
      }),
      toCsv(switchboard),
    );
    expect(ok.result.report.issues).toEqual([]);
    expect(ok.code).toBe(0);
    const deid = JSON.parse(await readFile(join(ok.out, 'deidentification-report.json'), 'utf8'));
    expect(deid.fields.find((f: { field: string }) => f.field === 'remarks').reason).toContain(
      'declared, justified exception',
    );
  });
});
