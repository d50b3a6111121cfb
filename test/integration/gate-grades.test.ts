/**
 * Grades and treatments end to end through the processor: core refuses, internal and undeclared
 * never leave, each treatment's output lands in every format, pseudonyms are stable per key and
 * differ across keys, k-anonymity refuses or suppresses, and the CSV is safe to open.
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, gate, issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

async function published(
  fields: FieldInput[],
  csv: string,
  extra: Parameters<typeof manifestOf>[1] = {},
  key?: Uint8Array,
) {
  const run = await runGate(manifestOf(fields, extra), { 'data.csv': csv }, key ? { pseudonymKey: key } : {});
  try {
    expect(run.result.report.issues).toEqual([]);
    const files = await run.artifacts();
    const rows = (files.get('data.ndjson')?.toString('utf8') ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { rows, files, output: run.result.output };
  } finally {
    await run.cleanup();
  }
}

describe('grades', () => {
  it('refuses a release with a core field, naming it', async () => {
    const r = await gate(
      manifestOf([
        { name: 'id', type: 'integer' },
        { name: 'site', type: 'string', grade: 'core' },
      ]),
      {
        'data.csv': 'id,site\n1,secret\n',
      },
    );
    expect(r.output).toBeUndefined();
    expect(issuesOf(r, 'grade/core')).toEqual([
      expect.objectContaining({
        field: 'site',
        hint: expect.stringContaining('regrade'),
        zh: {
          message: '字段“site”的分级为核心（GB/T 43697 重要数据、核心数据）：这类数据一律不发布',
          hint: '请从导出文件中删除该列；如果分级有误，请与数据安全负责人一起重新分级',
        },
      }),
    ]);
  });

  it('publishes no constraint of a treated field: they describe the raw values (names, real dates)', async () => {
    const { files, output } = await published(
      [
        { name: 'id', type: 'integer', constraints: { minimum: 1 } },
        {
          name: 'patient',
          type: 'string',
          grade: 'sensitive',
          treatment: { kind: 'pseudonymize' },
          constraints: { enum: ['张伟', '王芳'] },
        },
        {
          name: 'birth',
          type: 'date',
          grade: 'sensitive',
          treatment: { kind: 'generalize-date', to: 'year' },
          constraints: { minimum: '1980-03-14', maximum: '1980-03-14' },
        },
      ],
      'id,patient,birth\n1,张伟,1980-03-14\n2,王芳,1980-03-14\n',
    );
    for (const [name, bytes] of files) {
      for (const raw of ['张伟', '王芳', '1980-03-14']) expect(bytes.toString('utf8'), name).not.toContain(raw);
    }
    expect(output?.fields.find((f) => f.name === 'patient')?.constraints).toBeUndefined();
    expect(output?.fields.find((f) => f.name === 'birth')?.constraints).toBeUndefined();
    // A public field as it is keeps its constraints.
    expect(output?.fields.find((f) => f.name === 'id')?.constraints).toEqual({ minimum: 1 });
  });

  it('never publishes internal fields, in any format', async () => {
    const { rows, files, output } = await published(
      [
        { name: 'id', type: 'integer' },
        { name: 'staff_note', type: 'string', grade: 'internal' },
      ],
      'id,staff_note\n1,内部备注XYZ\n',
    );
    expect(rows).toEqual([{ id: 1 }]);
    for (const [name, bytes] of files) expect(bytes.toString('utf8'), name).not.toContain('内部备注XYZ');
    expect(output?.fields.map((f) => f.name)).toEqual(['id']);
    expect(output?.deidentification).toContainEqual(
      expect.objectContaining({ field: 'staff_note', action: 'not published' }),
    );
  });
});

describe('treatments', () => {
  const FIELDS: FieldInput[] = [
    { name: 'id', type: 'integer' },
    { name: 'person', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize', length: 12 } },
    { name: 'pos', type: 'geopoint', grade: 'sensitive', treatment: { kind: 'round-coordinates', decimals: 2 } },
    { name: 'region', type: 'string', grade: 'sensitive', treatment: { kind: 'truncate-code', keep: 4 } },
    {
      name: 'admitted',
      type: 'date',
      grade: 'sensitive',
      treatment: { kind: 'date-shift', maxDays: 30, keyField: 'person' },
    },
    {
      name: 'discharged',
      type: 'date',
      grade: 'sensitive',
      treatment: { kind: 'date-shift', maxDays: 30, keyField: 'person' },
    },
    { name: 'income', type: 'number', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 1000 } },
    { name: 'born', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'month' } },
  ];
  const CSV = [
    'id,person,pos,region,admitted,discharged,income,born',
    '1,P001,"39.904211,116.407395",110101,2024-03-01,2024-03-11,4321.5,1980-07-15',
    '2,P002,"31.230416,121.473701",310104,2024-05-20,2024-05-21,12000,1975-01-02',
    '3,P001,"39.9,116.4",110102,2024-06-01,2024-06-03,999,1980-07-15',
  ].join('\n');

  it('applies every treatment with its parameters', async () => {
    const { rows, output } = await published(FIELDS, CSV);
    expect(rows.map((r) => r.pos)).toEqual(['39.90,116.41', '31.23,121.47', '39.90,116.40']);
    expect(rows.map((r) => r.region)).toEqual(['110100', '310100', '110100']);
    expect(rows.map((r) => r.income)).toEqual(['4000-5000', '12000-13000', '0-1000']);
    expect(rows.map((r) => r.born)).toEqual(['1980-07', '1975-01', '1980-07']);
    // Pseudonyms: keyed, stable within a release (P001 twice), never the original.
    expect(rows[0]?.person).toMatch(/^[0-9a-f]{12}$/);
    expect(rows[0]?.person).toBe(rows[2]?.person);
    expect(rows[0]?.person).not.toBe(rows[1]?.person);
    // Date shift: consistent within a record (the 10-day stay stays 10 days), never the original date.
    const days = (a: unknown, b: unknown) => (Date.parse(String(b)) - Date.parse(String(a))) / 86_400_000;
    expect(days(rows[0]?.admitted, rows[0]?.discharged)).toBe(10);
    expect(rows[0]?.admitted).not.toBe('2024-03-01');
    expect(output?.fields.find((f) => f.name === 'income')?.type).toBe('string');
    expect(output?.deidentification.find((d) => d.field === 'person')?.action).toMatch(/pseudonym/i);
    expect(JSON.stringify(output?.deidentification)).not.toMatch(/P001|116\.407395/);
  });

  it('gives the same pseudonyms for the same key and different ones for another key', async () => {
    const a = await published(FIELDS, CSV, {}, new Uint8Array(32).fill(1));
    const b = await published(FIELDS, CSV, {}, new Uint8Array(32).fill(1));
    const c = await published(FIELDS, CSV, {}, new Uint8Array(32).fill(2));
    expect(a.rows.map((r) => r.person)).toEqual(b.rows.map((r) => r.person));
    expect(c.rows[0]?.person).not.toBe(a.rows[0]?.person);
  });

  it('keys pseudonyms and date shifts per dataset: another dataset cannot be joined to undo them', async () => {
    const key = new Uint8Array(32).fill(1);
    const as = (extra: Parameters<typeof manifestOf>[1]) => published(FIELDS, CSV, extra, key);
    const [a, other, linkedA, linkedB, foreign] = await Promise.all([
      as({ id: 'patients' }),
      as({ id: 'visits' }),
      as({ id: 'patients', pseudonymLinkage: 'health-records' }),
      as({ id: 'visits', pseudonymLinkage: 'health-records' }),
      as({ id: 'visits', pseudonymLinkage: 'health-records', publisher: 'demo-civil-affairs' }),
    ]);
    const persons = (r: typeof a) => r.rows.map((x) => x.person);
    const shifts = (r: typeof a) => r.rows.map((x) => x.admitted);
    // Another dataset: unrelated pseudonyms and shifts for the same people.
    for (const i of [0, 1]) {
      expect(other.rows[i]?.person).not.toBe(a.rows[i]?.person);
    }
    expect(shifts(other)).not.toEqual(shifts(a));
    // A declared linkage group of one publisher: the same pseudonyms and shifts in both datasets…
    expect(persons(linkedB)).toEqual(persons(linkedA));
    expect(shifts(linkedB)).toEqual(shifts(linkedA));
    expect(persons(linkedA)).not.toEqual(persons(a));
    // …but a group of the same name under another publisher shares nothing.
    expect(foreign.rows[0]?.person).not.toBe(linkedA.rows[0]?.person);
  });
});

describe('personal data in the manifest', () => {
  it('refuses a release whose metadata holds a mobile number or an ID, naming each place, masked', async () => {
    const fields: FieldInput[] = [
      { name: 'n', type: 'integer', description: { 'zh-CN': '填报人身份证 11010519491231002X' } },
    ];
    const r = await gate(
      manifestOf(fields, {
        description: { 'zh-CN': '咨询请联系王小明 138 1234 5678，或发邮件至 opendata@example.org。' },
        contact: { name: '王小明 13912345678', email: 'opendata@example.org' },
        keywords: ['人口', '13812345678'],
      }),
      { 'data.csv': 'n\n1\n' },
    );
    expect(r.report.valid).toBe(false);
    const found = issuesOf(r, 'pii/metadata');
    expect(found.map((i) => i.field)).toEqual([
      'description.zh-CN',
      'contact.name',
      'keywords.1',
      'fields.0.description.zh-CN',
    ]);
    expect(found[0]?.message).toMatch(/Mainland China mobile number/);
    expect(found[3]?.message).toMatch(/Resident identity card number/);
    const text = JSON.stringify(r.report);
    for (const raw of ['1234 5678', '13912345678', '13812345678', '19491231']) expect(text).not.toContain(raw);
  });

  it('lets an office e-mail and ordinary numbers through', async () => {
    const r = await gate(
      manifestOf([{ name: 'n', type: 'integer' }], {
        description: { en: 'Counts for 2024 (table 3-1, 1,234,567 people). Questions: opendata@example.org.' },
      }),
      { 'data.csv': 'n\n1\n' },
    );
    expect(issuesOf(r, 'pii/metadata')).toEqual([]);
    expect(r.report.valid).toBe(true);
  });
});

describe('k-anonymity', () => {
  const FIELDS: FieldInput[] = [
    { name: 'id', type: 'integer' },
    { name: 'age', type: 'integer', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } },
    { name: 'sex', type: 'string' },
  ];
  const CSV = `id,age,sex\n${[
    [1, 31, '男'],
    [2, 35, '男'],
    [3, 38, '男'],
    [4, 42, '女'],
  ]
    .map((r) => r.join(','))
    .join('\n')}\n`;

  it('refuses a release whose smallest class is below k, with a report', async () => {
    const r = await gate(manifestOf(FIELDS, { kAnonymity: { quasiIdentifiers: ['age', 'sex'], k: 2 } }), {
      'data.csv': CSV,
    });
    expect(r.output).toBeUndefined();
    expect(issuesOf(r, 'k-anonymity/below-k')).toEqual([
      expect.objectContaining({
        field: 'age, sex',
        message:
          '1 group(s) of rows sharing the same (age, sex) have fewer than k=2 rows: 1 row(s) in all, the smallest group 1 row(s)',
        hint: expect.stringContaining('suppress'),
        zh: {
          message: '按（age、sex）分组，有 1 组不足 k=2 行：共涉及 1 行，最小的一组只有 1 行',
          hint: '请进一步泛化准标识符（更宽的区间、更粗的日期或地区），或设置 kAnonymity.suppress: true 删除这些行',
        },
      }),
    ]);
  });

  it('suppresses the rows of small classes when the manifest opts in, and reports how many', async () => {
    const { rows, output } = await published(FIELDS, CSV, {
      kAnonymity: { quasiIdentifiers: ['age', 'sex'], k: 2, suppress: true },
    });
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(output?.rowCount).toBe(3);
    const note = '1 row(s) in classes smaller than k=2 were suppressed';
    // The facts beside the English, so that the site writes the record's other language from them.
    expect(output?.deidentification).toContainEqual(
      expect.objectContaining({ field: 'age+sex', cause: 'k-anonymity', reason: note, note }),
    );
  });
});

describe('safe CSV', () => {
  it('neutralises formula cells, keeps real numbers, writes UTF-8 with a BOM', async () => {
    const { files } = await published(
      [
        { name: 'id', type: 'integer' },
        { name: 'text', type: 'string' },
        { name: 'delta', type: 'number' },
      ],
      'id,text,delta\n1,"=HYPERLINK(""http://x"")",-2\n2,-3,-2.5\n3,@SUM(A1),0\n4,"+1 (555)",1\n',
    );
    const csv = files.get('data.csv') as Buffer;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trim().split('\n');
    expect(lines).toEqual([
      'id,text,delta',
      `1,"'=HYPERLINK(""http://x"")",-2.0`,
      '2,-3,-2.5',
      `3,'@SUM(A1),0.0`,
      `4,'+1 (555),1.0`,
    ]);
    // Other formats carry the value unchanged (they are not opened as spreadsheets).
    expect(files.get('data.ndjson')?.toString('utf8')).toContain('"text":"=HYPERLINK(\\"http://x\\")"');
  });
});
