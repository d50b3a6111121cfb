/**
 * How cells are cast: DuckDB's casts are lenient (BIGINT takes 1.5 and rounds it, 0x10, 1e3, 1_000;
 * DOUBLE takes NaN and Infinity; TIMESTAMP drops a UTC offset), so the gate checks the text's shape
 * first. Each refusal is a cell/type record (row, field, value, hint), on the one-pass CSV path, the
 * detailed path and the structured (JSON, NDJSON) path alike; what is accepted publishes valid JSON.
 */
import { describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../../functions/core/manifest/schema.ts';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const PATHS = [
  { name: 'the one-pass path', stagedPath: true },
  { name: 'the detailed path', stagedPath: false },
] as const;

/** Runs the gate; the published data.json parsed (JSON.parse throws on NaN or Infinity), or null. */
async function run(
  manifest: DatasetManifest,
  files: Record<string, string>,
  stagedPath = true,
): Promise<{ result: ProcessedRelease; rows: Record<string, unknown>[] | null }> {
  const g = await runGate(manifest, files, { processor: { stagedPath } });
  try {
    const json = (await g.artifacts()).get('data.json');
    const nd = (await g.artifacts()).get('data.ndjson');
    for (const line of nd?.toString('utf8').trim().split('\n') ?? []) JSON.parse(line);
    return { result: g.result, rows: json ? (JSON.parse(json.toString('utf8')) as Record<string, unknown>[]) : null };
  } finally {
    await g.cleanup();
  }
}

const csvOf = (header: string, cells: readonly string[]) =>
  `${header}\n${cells.map((c, i) => `${i + 1},${c}`).join('\n')}\n`;

const typeErrors = (r: ProcessedRelease) =>
  issuesOf(r, 'cell/type').map((i) => ({ row: i.row, field: i.field, value: i.value }));

describe.each(PATHS)('numbers on $name', ({ stagedPath }) => {
  const fields: FieldInput[] = [
    { name: 'id', type: 'integer' },
    { name: 'x', type: 'number' },
  ];

  it('refuses NaN, Infinity, thousands separators and overflow as type errors', async () => {
    const bad = ['NaN', 'inf', '-Infinity', '1_000', '1e400', '+-1', '0x10', '1,5'];
    const { result } = await run(
      manifestOf(fields),
      {
        'data.csv': csvOf(
          'id,x',
          bad.map((c) => `"${c}"`),
        ),
      },
      stagedPath,
    );
    expect(result.report.valid).toBe(false);
    expect(typeErrors(result)).toEqual(bad.map((value, i) => ({ row: i + 1, field: 'x', value })));
    expect(issuesOf(result, 'cell/type')[0]).toMatchObject({
      file: 'data.csv',
      message: '"NaN" is not a valid number',
      hint: expect.stringContaining('NaN and Infinity are not numbers'),
    });
  });

  it('accepts plain decimals with an optional exponent, and publishes valid JSON', async () => {
    const good = ['3.14', '-2', '+7', '.5', '5.', '1e3', '-1.5E-3', ' 42 '];
    const { result, rows } = await run(manifestOf(fields), { 'data.csv': csvOf('id,x', good) }, stagedPath);
    expect(result.report.issues).toEqual([]);
    expect(rows?.map((r) => r.x)).toEqual([3.14, -2, 7, 0.5, 5, 1000, -0.0015, 42]);
  });

  it('publishes NaN as an empty value when the manifest lists it as a missing value', async () => {
    const m = manifestOf(fields, { source: { missingValues: ['NaN'] } });
    const { result, rows } = await run(m, { 'data.csv': csvOf('id,x', ['NaN', '1.5']) }, stagedPath);
    expect(result.report.valid).toBe(true);
    expect(rows).toEqual([
      { id: 1, x: null },
      { id: 2, x: 1.5 },
    ]);
  });
});

describe.each(PATHS)('integers on $name', ({ stagedPath }) => {
  const fields: FieldInput[] = [
    { name: 'id', type: 'integer' },
    { name: 'n', type: 'integer' },
  ];

  it('refuses decimals (never rounds them), exponents, hex and underscores', async () => {
    const bad = ['1.5', '2.4999', '-0.5', '2.0', '0x10', '1e3', '1_000', '0b101', '9223372036854775808'];
    const { result } = await run(manifestOf(fields), { 'data.csv': csvOf('id,n', bad) }, stagedPath);
    expect(result.report.valid).toBe(false);
    expect(typeErrors(result)).toEqual(bad.map((value, i) => ({ row: i + 1, field: 'n', value })));
    expect(issuesOf(result, 'cell/type')[0]).toMatchObject({
      message: '"1.5" is not a valid integer',
      hint: expect.stringContaining('digits only'),
    });
  });

  it('accepts an optionally signed run of digits, padded or not', async () => {
    const { result, rows } = await run(
      manifestOf(fields),
      { 'data.csv': csvOf('id,n', ['+7', '-12', ' 5 ', '007']) },
      stagedPath,
    );
    expect(result.report.issues).toEqual([]);
    expect(rows?.map((r) => r.n)).toEqual([7, -12, 5, 7]);
  });
});

describe.each([
  { format: 'json' as const, file: 'd.json', body: (rows: object[]) => JSON.stringify(rows) },
  {
    format: 'ndjson' as const,
    file: 'd.ndjson',
    body: (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n'),
  },
])('$format sources', ({ format, file, body }) => {
  const m = manifestOf(
    [
      { name: 'id', type: 'integer' },
      { name: 'n', type: 'integer' },
      { name: 'x', type: 'number' },
    ],
    { source: { files: [{ path: file }], format } },
  );

  it('refuse a JSON number with a fraction in an integer field, and text that is not a number', async () => {
    const { result } = await run(m, {
      [file]: body([
        { id: 1, n: 1.5, x: 1 },
        { id: 2, n: 2, x: 'NaN' },
        { id: 3, n: '1_000', x: '1_000' },
      ]),
    });
    expect(typeErrors(result)).toEqual([
      { row: 1, field: 'n', value: '1.5' },
      { row: 3, field: 'n', value: '1_000' },
      { row: 2, field: 'x', value: 'NaN' },
      { row: 3, field: 'x', value: '1_000' },
    ]);
  });

  it('accept JSON integers and numbers', async () => {
    const { result, rows } = await run(m, { [file]: body([{ id: 1, n: -3, x: 2.5e-3 }]) });
    expect(result.report.issues).toEqual([]);
    expect(rows).toEqual([{ id: 1, n: -3, x: 0.0025 }]);
  });
});

describe.each(PATHS)('date-times and geopoints on $name', ({ stagedPath }) => {
  it('publishes a date-time with a UTC offset or Z in UTC instead of dropping the offset', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 't', type: 'datetime' },
    ];
    const cells = [
      '2024-01-31T08:00:00',
      '2024-01-31T08:00:00+08:00',
      '2024-01-31 08:00:00.5-05:30',
      '2024-01-31T08:00:00Z',
      '2024-01-31T08:00:00+0800',
    ];
    const { result, rows } = await run(manifestOf(fields), { 'data.csv': csvOf('id,t', cells) }, stagedPath);
    expect(result.report.issues).toEqual([]);
    // One value has a fraction of a second: the column is written with six digits in every row
    // (one Table Schema format reads it; docs/formats.md).
    expect(rows?.map((r) => r.t)).toEqual([
      '2024-01-31 08:00:00.000000', // no zone: as written
      '2024-01-31 00:00:00.000000',
      '2024-01-31 13:30:00.500000',
      '2024-01-31 08:00:00.000000',
      '2024-01-31 00:00:00.000000',
    ]);
  });

  it('refuses a date-time whose zone cannot be read', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 't', type: 'datetime' },
    ];
    const cells = ['2024-01-31T08:00:00', '2024-01-31T08:00:00 Mars/Olympus', '2024-01-31T08:00:00+8h'];
    const { result } = await run(manifestOf(fields), { 'data.csv': csvOf('id,t', cells) }, stagedPath);
    expect(typeErrors(result)).toEqual(cells.slice(1).map((value, i) => ({ row: i + 2, field: 't', value })));
    expect(issuesOf(result, 'cell/type')[0]?.hint).toContain('published in UTC');
  });

  it('publishes in UTC the date-times a format with %z reads', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 't', type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' },
    ];
    const cells = ['2024-01-31T08:00:00+08:00', '2024-01-31T08:00:00-0130'];
    const { result, rows } = await run(manifestOf(fields), { 'data.csv': csvOf('id,t', cells) }, stagedPath);
    expect(result.report.issues).toEqual([]);
    expect(rows?.map((r) => r.t)).toEqual(['2024-01-31 00:00:00', '2024-01-31 09:30:00']);
  });

  it('refuses a date with a time of day, and a time with a date (the casts would drop them)', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'd', type: 'date' },
      { name: 'h', type: 'time' },
    ];
    const csv = csvOf('id,d,h', [
      '2024-01-31,08:30',
      '2024-01-31T08:00:00,08:30:00.5',
      '2024-01-31 08:00,2024-01-31 08:30',
    ]);
    const { result } = await run(manifestOf(fields), { 'data.csv': csv }, stagedPath);
    expect(typeErrors(result)).toEqual([
      { row: 2, field: 'd', value: '2024-01-31T08:00:00' },
      { row: 3, field: 'd', value: '2024-01-31 08:00' },
      { row: 3, field: 'h', value: '2024-01-31 08:30' },
    ]);
  });

  it('reads only ISO dates without a format, and the hint names the format that reads the value', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'd', type: 'date' },
    ];
    const cells = [
      '2024-01-15',
      ' 2024-01-15 ',
      '2024/01/15',
      '2024-1-5',
      '2024.01.15',
      '20240115',
      '2024年1月5日',
      '15/01/2024',
      '2024/13/45',
    ];
    const { result } = await run(manifestOf(fields), { 'data.csv': csvOf('id,d', cells) }, stagedPath);
    expect(typeErrors(result)).toEqual(cells.slice(2).map((value, i) => ({ row: i + 3, field: 'd', value })));
    const hints = issuesOf(result, 'cell/type').map((i) => i.hint.match(/reads with (.*) on the field/)?.[1] ?? null);
    expect(hints).toEqual([
      '`format: "%Y/%m/%d"`',
      '`format: "%Y-%m-%d"`',
      '`format: "%Y.%m.%d"`',
      '`format: "%Y%m%d"`',
      '`format: "%Y年%m月%d日"`',
      '`format: "%d/%m/%Y"`',
      null, // no date at all: no format reads it
    ]);
  });

  it('publishes the dates a declared format reads', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'd', type: 'date', format: '%Y/%m/%d' },
    ];
    const { result, rows } = await run(
      manifestOf(fields),
      { 'data.csv': csvOf('id,d', ['2024/01/15', '2024/1/5']) },
      stagedPath,
    );
    expect(result.report.issues).toEqual([]);
    expect(rows?.map((r) => r.d)).toEqual(['2024-01-15', '2024-01-05']);
  });

  it('reads only ISO date-times without a format: no bare date, no missing seconds, no zone names', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 't', type: 'datetime' },
    ];
    const cells = [
      '2024-01-15 08:00:00',
      '2024-01-15',
      '2024-01-15 8:00:00',
      '2024-01-15T08:00',
      '2024/01/15 08:00:00',
    ];
    const { result } = await run(manifestOf(fields), { 'data.csv': csvOf('id,t', cells) }, stagedPath);
    expect(typeErrors(result)).toEqual(cells.slice(1).map((value, i) => ({ row: i + 2, field: 't', value })));
    expect(issuesOf(result, 'cell/type').map((i) => i.hint.match(/reads with (.*) on the field/)?.[1])).toEqual([
      '`format: "%Y-%m-%d"`',
      '`format: "%Y-%m-%d %H:%M:%S"`',
      '`format: "%Y-%m-%dT%H:%M"`',
      '`format: "%Y/%m/%d %H:%M:%S"`',
    ]);
  });

  it('refuses a time with an offset', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'h', type: 'time' },
    ];
    const { result } = await run(
      manifestOf(fields),
      { 'data.csv': csvOf('id,h', ['08:00:00', '08:00:00+08']) },
      stagedPath,
    );
    expect(typeErrors(result)).toEqual([{ row: 2, field: 'h', value: '08:00:00+08' }]);
  });

  it('refuses a geopoint whose latitude or longitude is out of range', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'g', type: 'geopoint' },
    ];
    const cells = ['"39.9,116.4"', '"-90,180"', '"91,200"', '"90.5,0"', '"0,-180.01"', '"1,2,3"'];
    const { result } = await run(manifestOf(fields), { 'data.csv': csvOf('id,g', cells) }, stagedPath);
    expect(typeErrors(result)).toEqual([
      { row: 3, field: 'g', value: '91,200' },
      { row: 4, field: 'g', value: '90.5,0' },
      { row: 5, field: 'g', value: '0,-180.01' },
      { row: 6, field: 'g', value: '1,2,3' },
    ]);
    expect(issuesOf(result, 'cell/type')[0]).toMatchObject({
      message: '"91,200" is not a valid geopoint',
      hint: expect.stringContaining('latitude -90 to 90 first'),
    });
  });
});

describe('the max-length message', () => {
  it('gives the length of the whole cell, not of the shortened value shown', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'remarks', type: 'string', constraints: { maxLength: 100 } },
    ];
    const { result } = await run(manifestOf(fields), { 'data.csv': `id,remarks\n1,${'长'.repeat(500)}\n` });
    const [issue] = issuesOf(result, 'cell/max-length');
    expect(issue).toMatchObject({ row: 1, field: 'remarks', message: 'value is 500 characters long, more than 100' });
    expect(issue?.value).toBe(`${'长'.repeat(200)}…`);
    expect(issue?.hint).toContain('maxLength');
  });

  it('gives the length of the whole cell, not of the mask, for a sensitive field', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      {
        name: 'idno',
        type: 'string',
        grade: 'sensitive',
        constraints: { maxLength: 18 },
        treatment: { kind: 'pseudonymize' },
      },
    ];
    const { result } = await run(manifestOf(fields), { 'data.csv': 'id,idno\n1,110101197102150018123\n' });
    expect(issuesOf(result, 'cell/max-length')).toEqual([
      {
        type: 'cell/max-length',
        file: 'data.csv',
        row: 1,
        line: 2,
        field: 'idno',
        value: `1${'*'.repeat(16)}3`,
        message: 'value is 21 characters long, more than 18',
        hint: 'shorten the value or raise maxLength',
        zh: { message: expect.stringMatching(/21 .*18/), hint: expect.stringContaining('`maxLength`') },
      },
    ]);
  });
});

describe('hints for values written for display', () => {
  it('says what to remove from a formatted number, to declare a "no value" marker, and that a date holds a time', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'number' },
      { name: 'paid', type: 'date', format: '%Y/%m/%d' },
    ];
    const csv =
      'id,amount,paid\n1,"1,234.50",2024/03/05\n2,８５６,2024/03/05\n3,-,2024/03/05\n4,12,2024/04/01 00:00:00\n5,12,2024-04-01\n';
    const { result } = await run(manifestOf(fields), { 'data.csv': csv });
    expect(issuesOf(result, 'cell/type').map((i) => [i.row, i.value, i.hint])).toEqual([
      [1, '1,234.50', expect.stringMatching(/^remove the thousands separators \(1,234\.50 → 1234\.50\): re-export/)],
      [2, '８５６', expect.stringMatching(/^write half-width digits \(１２３ → 123\)/)],
      [
        3,
        '-',
        expect.stringMatching(/^if "-" means "no value", declare `source\.missingValues: \["-"\]` in dataset\.yaml/),
      ],
      [
        4,
        '2024/04/01 00:00:00',
        expect.stringMatching(/^the value has a time of day: .*export the date only \(2024\/03\/05\)$/),
      ],
      // A real date in another style than the declared format: the column mixes two styles.
      [
        5,
        '2024-04-01',
        expect.stringMatching(
          /^this column mixes dates written like 2024\/03\/05 .* and like 2024-03-05 .*`format: "%Y-%m-%d"`/,
        ),
      ],
    ]);
  });
});
