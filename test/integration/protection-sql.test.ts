/**
 * The DuckDB SQL of the protection core against its JS reference, in a real DuckDB: every treatment,
 * the HMAC construction, CSV neutralisation, k-anonymity and the residual-PII scan. Inputs are
 * generated (fast-check); each run sends a batch of rows through one query.
 */
import { createHmac } from 'node:crypto';
import { blobValue, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../functions/core/manifest/schema.ts';
import type { Treatment } from '../../functions/core/manifest/treatment.ts';
import type { FieldType } from '../../functions/core/manifest/vocabulary.ts';
import { neutralizeCsvCell, neutralizeCsvCellSql } from '../../functions/core/protection/csv-injection.ts';
import { DETECTORS } from '../../functions/core/protection/detectors/index.ts';
import { hmacSha256HexSql } from '../../functions/core/protection/hmac-sql.ts';
import {
  kAnonymityStats,
  kAnonymityStatsSql,
  suppressBelowK,
  suppressBelowKSql,
} from '../../functions/core/protection/k-anonymity.ts';
import { scanNumber } from '../../functions/core/protection/number-scan.ts';
import { confirmCandidates, type PiiCandidateRow, piiScanSql } from '../../functions/core/protection/pii-scan-sql.ts';
import { treatmentSql } from '../../functions/core/protection/treatment-sql.ts';
import { applyTreatment, type CellValue } from '../../functions/core/protection/treatments/index.ts';
import { expectedHits } from '../support/pii-expectation.ts';
import { makeCard, makeEmail, makeMobile, makeResidentId } from '../unit/protection/generators.ts';

const KEY = createHmac('sha256', 'test').update('protection-sql').digest();
const RUNS = { numRuns: 6 }; // batches of 40-80 rows: a few hundred cases per property
const batch = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 40, maxLength: 80 });

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn?.closeSync());

const SQL_TYPES: Partial<Record<FieldType, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  geopoint: 'VARCHAR',
};

/** Loads rows {x, person} into a table typed for the field (through JSON: no value is spliced). */
async function load(values: readonly CellValue[], persons: readonly (string | null)[], sqlType: string) {
  const data = JSON.stringify(values.map((x, i) => ({ i, x, person: persons[i] ?? null })));
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE src AS SELECT CAST(j->>'i' AS INTEGER) AS i, CAST(j->>'x' AS ${sqlType}) AS x, j->>'person' AS person FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
    { data },
  );
}

/** Runs the treatment's SQL over the loaded table, output normalised to the JS reference's shapes. */
async function runTreatment(field: FieldSpec, wrap = (e: string) => e): Promise<unknown[]> {
  const expr = treatmentSql(field, 'x', 'key', { columnExpr: (n) => (n === 'person' ? 'person' : n) });
  if (expr === null) throw new Error('not published');
  const sql = `SELECT ${wrap(expr)} AS y FROM src ORDER BY i`;
  // DuckDB refuses a parameter the statement does not use; only keyed treatments take the key.
  const reader = await conn.runAndReadAll(sql, sql.includes('$key') ? { key: blobValue(KEY) } : {});
  return reader.getRowObjectsJS().map((r) => r.y);
}

async function checkTreatment(
  fieldType: FieldType,
  treatment: Treatment,
  values: readonly CellValue[],
  persons: readonly (string | null)[] = [],
  wrap?: (e: string) => string,
) {
  const field = { name: 'x', type: fieldType, grade: 'sensitive', treatment } as FieldSpec;
  await load(values, persons, SQL_TYPES[fieldType]!);
  const got = await runTreatment(field, wrap);
  const want = values.map((v, i) =>
    applyTreatment(v, treatment, { fieldType, key: KEY, record: { person: persons[i] ?? null } }),
  );
  expect(got).toEqual(want);
}

const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string(), fc.constant(''), fc.constant(null));

describe('HMAC-SHA256 in SQL', () => {
  it('equals node:crypto for any key length (short, 64-byte block, longer) and message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 130 }),
        batch(fc.string({ unit: 'grapheme' })),
        async (key, msgs) => {
          await load(msgs, [], 'VARCHAR');
          const r = await conn.runAndReadAll(
            `SELECT ${hmacSha256HexSql('$key', 'encode(x)')} AS h FROM src ORDER BY i`,
            { key: blobValue(key) },
          );
          const want = msgs.map((m) => createHmac('sha256', key).update(m, 'utf8').digest('hex'));
          expect(r.getRowObjectsJS().map((x) => x.h)).toEqual(want);
        },
      ),
      RUNS,
    );
  });
});

describe('treatment SQL equals the JS reference', () => {
  it('mask (code points, Chinese, emoji)', async () => {
    const t = fc.record({
      kind: fc.constant('mask' as const),
      keepFirst: fc.nat(8),
      keepLast: fc.nat(8),
      char: fc.constantFrom('*', '#', '×', "'"),
    });
    await fc.assert(
      fc.asyncProperty(t, batch(text), (tr, vs) => checkTreatment('string', tr, vs)),
      RUNS,
    );
  });

  it('pseudonymize (strings and integers; with and without caseInsensitive)', async () => {
    const t = fc.record(
      {
        kind: fc.constant('pseudonymize' as const),
        length: fc.integer({ min: 8, max: 64 }),
        caseInsensitive: fc.boolean(),
      },
      { requiredKeys: ['kind', 'length'] },
    );
    // ASCII letters of both cases beside letters whose Unicode case mapping differs between engines.
    const cased = fc.string({ unit: fc.constantFrom(...'0123456789xXaAzZ-é É ßıİ中'.split('')) });
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(text, cased)), (tr, vs) => checkTreatment('string', tr, vs)),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(fc.maxSafeInteger(), fc.constant(null))), (tr, vs) =>
        checkTreatment('integer', tr, vs),
      ),
      RUNS,
    );
  });

  it('generalize-number (integers, decimals, negatives, decimal widths)', async () => {
    const width = fc.constantFrom(1, 3, 5, 10, 1000, 0.5, 0.25, 2.5, 0.1, 0.001);
    const t = fc.record({ kind: fc.constant('generalize-number' as const), width });
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constant(null))), (tr, vs) =>
        checkTreatment('integer', tr, vs),
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(
        t,
        batch(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(null))),
        (tr, vs) => checkTreatment('number', tr, vs),
      ),
      RUNS,
    );
  });

  const isoDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const isoDatetime = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19));

  it('generalize-date (dates and datetimes, to month and year)', async () => {
    const t = fc.record({
      kind: fc.constant('generalize-date' as const),
      to: fc.constantFrom('month' as const, 'year' as const),
    });
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(isoDate, fc.constant(null))), (tr, vs) => checkTreatment('date', tr, vs)),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(isoDatetime, fc.constant(null))), (tr, vs) =>
        checkTreatment('datetime', tr, vs),
      ),
      RUNS,
    );
  });

  it('round-coordinates (numbers and geopoints, half away from zero)', async () => {
    const t = fc.record({ kind: fc.constant('round-coordinates' as const), decimals: fc.integer({ min: 0, max: 6 }) });
    const coord = fc.double({ min: -180, max: 180, noNaN: true });
    // Values on exact half-way points of the rounding are the interesting ones.
    const halfway = fc
      .tuple(fc.integer({ min: -18_000, max: 18_000 }), fc.integer({ min: 0, max: 4 }))
      .map(([n, d]) => (n + 0.5) / 10 ** d);
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(coord, halfway, fc.constant(null))), (tr, vs) =>
        checkTreatment('number', tr, vs),
      ),
      RUNS,
    );
    const fixed = (x: number) => x.toFixed(7).replace(/\.?0+$/, '');
    const geopoint = fc
      .tuple(coord, coord, fc.constantFrom(',', ', ', ' , '))
      .map(([a, b, sep]) => `${fixed(a)}${sep}${fixed(b)}`);
    await fc.assert(
      fc.asyncProperty(t, batch(fc.oneof(geopoint, fc.constant('not a point'), fc.constant(null))), (tr, vs) =>
        checkTreatment('geopoint', tr, vs),
      ),
      RUNS,
    );
  });

  it('truncate-code (with and without padding)', async () => {
    const t = fc.record({
      kind: fc.constant('truncate-code' as const),
      keep: fc.integer({ min: 1, max: 8 }),
      pad: fc.boolean(),
    });
    const code = fc.oneof(fc.stringMatching(/^[0-9]{2,12}$/), fc.string({ unit: 'grapheme' }), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(t, batch(code), (tr, vs) => checkTreatment('string', tr, vs)),
      RUNS,
    );
  });

  it('date-shift (dates and datetimes, per-record key, missing keys)', async () => {
    const t = fc.record({
      kind: fc.constant('date-shift' as const),
      maxDays: fc.integer({ min: 1, max: 3650 }),
      keyField: fc.constant('person'),
    });
    const person = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.constant(''), fc.constant(null));
    const rows = <T>(v: fc.Arbitrary<T>) => batch(fc.tuple(v, person));
    await fc.assert(
      fc.asyncProperty(t, rows(fc.oneof(isoDate, fc.constant(null))), (tr, rs) =>
        checkTreatment(
          'date',
          tr,
          rs.map((r) => r[0]),
          rs.map((r) => r[1]),
          (e) => `strftime(${e}, '%Y-%m-%d')`,
        ),
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(t, rows(isoDatetime), (tr, rs) =>
        checkTreatment(
          'datetime',
          tr,
          rs.map((r) => r[0]),
          rs.map((r) => r[1]),
          (e) => `strftime(${e}, '%Y-%m-%dT%H:%M:%S')`,
        ),
      ),
      RUNS,
    );
  });

  it('redact and drop', async () => {
    await checkTreatment('integer', { kind: 'redact' }, [1, null, 3]);
    expect(
      treatmentSql({ name: 'x', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } }, 'x', 'key'),
    ).toBeNull();
    expect(treatmentSql({ name: 'x', type: 'string', grade: 'internal' }, 'x', 'key')).toBeNull();
  });
});

describe('CSV neutralisation SQL equals the JS reference', () => {
  it('over formula-like text, signed numbers and ordinary text', async () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('=', '+', '-', '@', '\t', '\r').chain((c) => fc.string().map((s) => c + s)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((x) => `+${x}`),
    );
    await fc.assert(
      fc.asyncProperty(batch(cell), async (vs) => {
        await load(vs, [], 'VARCHAR');
        const r = await conn.runAndReadAll(`SELECT ${neutralizeCsvCellSql('x')} AS y FROM src ORDER BY i`);
        expect(r.getRowObjectsJS().map((x) => x.y)).toEqual(vs.map(neutralizeCsvCell));
      }),
      RUNS,
    );
  });
});

describe('k-anonymity SQL equals the JS reference', () => {
  it('statistics and suppression', async () => {
    const row = fc.record({
      age: fc.constantFrom('20-29', '30-39', '40-49', null),
      sex: fc.constantFrom('F', 'M'),
      district: fc.constantFrom('110101', '110105', '110108'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 120 }), fc.integer({ min: 1, max: 8 }), async (rows, k) => {
        const data = JSON.stringify(rows.map((r, i) => ({ i, ...r })));
        await conn.run(
          `CREATE OR REPLACE TEMP TABLE people AS SELECT CAST(j->>'i' AS INTEGER) AS i, j->>'age' AS age, j->>'sex' AS sex, j->>'district' AS "所在区" FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
          { data },
        );
        const qis = ['age', 'sex', '所在区'];
        const jsRows = rows.map((r, i) => ({ i, age: r.age, sex: r.sex, 所在区: r.district }));
        const stats = (await conn.runAndReadAll(kAnonymityStatsSql('people', qis, k))).getRowObjectsJS()[0]!;
        const want = kAnonymityStats(jsRows, qis, k);
        expect({
          smallestClass: stats.smallest_class === null ? null : Number(stats.smallest_class),
          classes: Number(stats.classes),
          classesBelowK: Number(stats.classes_below_k),
          rowsBelowK: Number(stats.rows_below_k),
        }).toEqual(want);
        const kept = (await conn.runAndReadAll(`SELECT i FROM (${suppressBelowKSql('people', qis, k)}) ORDER BY i`))
          .getRowObjectsJS()
          .map((r) => r.i);
        expect(kept).toEqual(suppressBelowK(jsRows, qis, k).map((r) => r.i));
      }),
      { numRuns: 20 },
    );
  });
});

describe('residual-PII scan SQL', () => {
  it('finds, once confirmed by validate, exactly what scanText finds (RE2 and JS prefilters agree)', async () => {
    const gap = fc.constantFrom(' ', '-', '.', '', ' - ', '  ', '\t', ':', '/ ', '_', '\u3000 ', '\uFF1A', '--');
    const pii = fc.oneof(
      fc.constant(null).map(() => makeResidentId()),
      fc.constant(null).map(() => makeMobile()),
      fc.constant(null).map(() => `+86 ${makeMobile()}`),
      fc.constant(null).map(() => makeEmail()),
      fc.constant(null).map(() => makeCard()),
      fc.constantFrom('EA1234567', 'G12345678', '192.168.1.20', '2001:db8::8a2e:370:7334', '91350100M000100Y43'),
      // Written forms: IDs with any separator and grouping, passports in lower case or spaced, cards
      // with dots or in two groups of eight, digit symbols.
      fc.tuple(fc.constantFrom('/', '.', '_', ' ', '-'), fc.constantFrom('/', '.', '_', ' ', '-')).map(([a, b]) => {
        const id = makeResidentId();
        return `${id.slice(0, 3)}${a}${id.slice(3, 6)}${a}${id.slice(6, 14)}${b}${id.slice(14)}`;
      }),
      fc.constant(null).map(() => `3 ${makeResidentId()}`),
      fc.constantFrom('e12345678', 'E 1234 5678', 'ea 123 4567', '6222.0212.3456.7894', '62220212 34567894'),
      fc.constantFrom('①①⓪①⓪①①⑨⑨⓪⓪③⓪⑦④⑤①④', '¹³⁸¹²³⁴⁵⁶⁷⁸', '①13812345678', '₁₁₀₁₀₁₁₉₉₀₀₃₀₇₄₅₁₄'),
      // Financial numerals, two-digit symbols (⑬ is 13), whole numbers as a double prints them.
      fc.constant(null).map(() => makeMobile().replace(/[0-9]/g, (c) => '零壹贰叁肆伍陆柒捌玖'[Number(c)] as string)),
      fc.constant(null).map(() => makeMobile().replace(/1[0-9]/g, (p) => String.fromCharCode(0x2469 + Number(p) - 10))),
      fc.constantFrom('⑪⓪①⓪⑤⑲⑨⓪⓪③⓪⑦⑩⓪①', '⒔⒏⒓⒊⒋⒌⒍⒎⒏', '⑩13812345678'),
      fc.constant(null).map(() => `{"id":${makeResidentId().replace(/X$/, '1')}.0}`),
      fc.constantFrom('1.10105199003071e+17', '6222021234567894123.0'),
      // Mobile numbers and IDs with gaps of separators: mixed, doubled, padded, tabs, colons, brackets.
      fc.tuple(gap, gap, fc.boolean()).map(([a, b, bracket]) => {
        const m = makeMobile();
        return `${bracket ? `(${m.slice(0, 3)})` : m.slice(0, 3)}${a}${m.slice(3, 7)}${b}${m.slice(7)}`;
      }),
      fc.tuple(gap, gap, fc.boolean()).map(([a, b, bracket]) => {
        const id = makeResidentId();
        return `${bracket ? `(${id.slice(0, 6)})` : id.slice(0, 6)}${a}${id.slice(6, 14)}${b}${id.slice(14)}`;
      }),
      // Gaps at other positions of an ID, and runs of four separators.
      fc.constant(null).map(() => {
        const id = makeResidentId();
        return `${id.slice(0, 4)}  ${id.slice(4, 12)}\t${id.slice(12)}`;
      }),
      fc.constant(null).map(() => {
        const m = makeMobile();
        return `${m.slice(0, 3)}    ${m.slice(3, 7)} ${m.slice(7)}`;
      }),
    );
    const filler = fc.constantFrom(
      '请回电',
      '，',
      ' ',
      '客户',
      '金额 1234.56 元',
      '2024-05-06 10:30:00',
      '编号20240506001',
      'v1.2.3.4.5',
      '2024/01/15',
      '20240115-20240131',
      '39.916527123456789,116.39712834567891',
      '39.13812345678',
      '壹万贰仟元',
      '第⑩条',
      '/',
      '',
      '2024 01 31 08 30',
      '10:30:00\t11:45:00  13:15:30',
      '139.1234 1234.5678',
      '(010) 6552 9988',
      '\t',
      '  ',
      ' - ',
      '(',
      ')',
      ':',
    );
    const cellText = fc.array(fc.oneof(pii, filler), { maxLength: 6 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(batch(fc.tuple(cellText, cellText)), async (rows) => {
        const data = JSON.stringify(rows.map(([a, b], i) => ({ i, a, b })));
        await conn.run(
          `CREATE OR REPLACE TEMP TABLE notes AS SELECT CAST(j->>'i' AS INTEGER) + 1 AS row_no, j->>'a' AS "备注", j->>'b' AS b FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
          { data },
        );
        const sql = piiScanSql('notes', ['备注', 'b'], DETECTORS, { rowNumberExpr: 'row_no', firstRows: 3 });
        const scanned = (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as PiiCandidateRow[];
        const confirmed = confirmCandidates(scanned, DETECTORS);
        const got = new Map(
          confirmed.map((r) => [`${r.column_name}|${r.detector}|${r.candidate}`, Number(r.occurrences)]),
        );
        expect(got).toEqual(expectedHits(rows));
        for (const r of confirmed) expect(r.first_rows?.[0]).toBeGreaterThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('reads a number column as its digits, and as scanNumber does (inexact whole numbers too)', async () => {
    const asNumber = (id: string) => Number(id.replace(/X$/, '0'));
    const value = fc.oneof(
      fc.constant(null).map(() => asNumber(makeResidentId())),
      fc.constant(null).map(() => Math.trunc(asNumber(makeResidentId()) / 10)),
      fc.constant(null).map(() => Number(makeMobile())),
      fc.constant(null).map(() => Number(makeCard())),
      fc.constant(null).map(() => Number(`62220212345678940${fc.sample(fc.nat(99), 1)[0]}`)),
      fc.double({ min: -1e20, max: 1e20, noNaN: true }),
      fc.integer({ min: 10_000_000_000, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ min: 1e10, max: 1e16, noNaN: true }),
      fc.constantFrom(9.5e15, 1.5e18, 6.02e23, -Number('110101199003074514'), 13812345678.5),
    );
    await fc.assert(
      fc.asyncProperty(batch(value), async (values) => {
        const data = JSON.stringify(values.map((x, i) => ({ i, x })));
        await conn.run(
          `CREATE OR REPLACE TEMP TABLE nums AS SELECT CAST(j->>'i' AS INTEGER) + 1 AS row_no, CAST(j->>'x' AS DOUBLE) AS x FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
          { data },
        );
        const sql = piiScanSql('nums', ['x'], DETECTORS, { numberColumns: ['x'] });
        const scanned = (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as PiiCandidateRow[];
        const got = new Map(
          confirmCandidates(scanned, DETECTORS).map((r) => [`${r.detector}|${r.candidate}`, Number(r.occurrences)]),
        );
        const want = new Map<string, number>();
        for (const x of values) {
          for (const h of scanNumber(x))
            want.set(`${h.detector}|${h.value}`, (want.get(`${h.detector}|${h.value}`) ?? 0) + 1);
        }
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });
});
