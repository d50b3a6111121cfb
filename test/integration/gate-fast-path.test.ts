/**
 * The processor's one-pass staging path (a single CSV source) against its detailed path: the same
 * artifacts, byte for byte, over more rows than one DuckDB row group (122,880) so that any operator
 * that reorders rows would show; every artifact in source row order; pseudonyms equal to the JS
 * reference whether computed once per distinct value or once per row; and k-anonymity suppression
 * keeping the order of the remaining rows.
 */

import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../functions/core/manifest/schema.ts';
import { datasetKey } from '../../functions/core/protection/treatments/hmac.ts';
import { applyTreatment } from '../../functions/core/protection/treatments/index.ts';
import { type FieldInput, type GateRun, manifestOf, runGate, TEST_KEY } from '../fixtures/gate/harness.ts';

const ROWS = 150_000;

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 } },
  { name: 'person', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize', length: 16 } },
  { name: 'phone', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3, keepLast: 2 } },
  { name: 'born', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
  { name: 'active', type: 'boolean' },
  { name: 'kind', type: 'string', constraints: { enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } },
  { name: 'amount', type: 'number', constraints: { minimum: -1000, maximum: 1000 } },
  { name: 'at', type: 'datetime', format: '%Y-%m-%d %H:%M:%S' },
  { name: 'note', type: 'string', constraints: { maxLength: 40 } },
];

/** Row i of the generated source; notes include formula-like and negative-number cells. */
function row(i: number): string[] {
  const notes = ['plain', '=SUM(A1)', '-5', '@home', ' padded ', '+1 (555)', '中文备注'];
  return [
    String(i),
    `person${i % 997}`,
    `1${String(3_000_000_000 + i * 7).padStart(10, '0')}`,
    `19${String(50 + (i % 50))}-0${1 + (i % 9)}-1${i % 10}`,
    ['yes', 'no', 'true', 'false', '是', '否'][i % 6] as string,
    'abcdefg'[i % 7] as string,
    String(((i % 2000) - 1000) / 4),
    `2025-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:1${i % 6}:00`,
    `"${notes[i % notes.length]}"`,
  ];
}

function csvOf(rows: number): string {
  const lines = [FIELDS.map((f) => f.name).join(',')];
  for (let i = 1; i <= rows; i++) lines.push(row(i).join(','));
  return `${lines.join('\n')}\n`;
}

const ids = (nd: Buffer) =>
  nd
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: number }).id);

describe('the staging fast path', () => {
  const csv = csvOf(ROWS);
  let fast: GateRun;
  let detailed: GateRun;
  const fastSteps: string[] = [];

  beforeAll(async () => {
    const manifest = manifestOf(FIELDS, { primaryKey: ['id'] });
    fast = await runGate(manifest, { 'data.csv': csv }, { processor: { onStep: (s) => fastSteps.push(s) } });
    detailed = await runGate(manifest, { 'data.csv': csv }, { processor: { stagedPath: false } });
  }, 120_000);
  afterAll(async () => {
    await fast?.cleanup();
    await detailed?.cleanup();
  });

  it('publishes the same artifacts as the detailed path', async () => {
    // The fast path has no separate staging step (the detailed path stages a view of the loaded files).
    expect(fastSteps).not.toContain('stage');
    expect(fast.result.report).toEqual(detailed.result.report);
    expect(fast.result.report.valid).toBe(true);
    const a = await fast.artifacts();
    const b = await detailed.artifacts();
    for (const name of ['data.csv', 'data.ndjson', 'data.json']) {
      expect(a.get(name)?.equals(b.get(name) as Buffer), name).toBe(true);
    }
    const { rowCount, fields, deidentification, preview } = fast.result.output ?? {};
    expect({ rowCount, fields, deidentification, preview }).toEqual({
      rowCount: detailed.result.output?.rowCount,
      fields: detailed.result.output?.fields,
      deidentification: detailed.result.output?.deidentification,
      preview: detailed.result.output?.preview,
    });
    const paths = (r: GateRun) => r.result.output?.files.find((f) => f.name === 'data.parquet')?.path;
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const diff = await c.runAndReadAll(
        `SELECT count(*) FROM (SELECT * FROM read_parquet($a) EXCEPT ALL SELECT * FROM read_parquet($b))`,
        { a: paths(fast) as string, b: paths(detailed) as string },
      );
      expect(Number(diff.getRows()[0]?.[0])).toBe(0);
      const order = await c.runAndReadAll(
        `SELECT count(*) FILTER (WHERE id <> rn) FROM (SELECT id, row_number() OVER () AS rn FROM read_parquet($a))`,
        { a: paths(fast) as string },
      );
      expect(Number(order.getRows()[0]?.[0])).toBe(0);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });

  it('keeps source row order in every artifact, formula cells neutralised in CSV only', async () => {
    for (const run of [fast, detailed]) {
      const files = await run.artifacts();
      const want = Array.from({ length: ROWS }, (_, i) => i + 1);
      expect(ids(files.get('data.ndjson') as Buffer)).toEqual(want);
      const json = JSON.parse((files.get('data.json') as Buffer).toString('utf8')) as { id: number }[];
      expect(json.map((r) => r.id)).toEqual(want);
      const lines = (files.get('data.csv') as Buffer).toString('utf8').trimEnd().split('\n');
      expect(lines[0]?.startsWith('\uFEFFid,')).toBe(true);
      expect(lines.slice(1).map((l) => Number(l.slice(0, l.indexOf(','))))).toEqual(want);
      expect(lines[1]).toMatch(/,'=SUM\(A1\)$/);
      expect(lines[2]).toMatch(/,-5$/);
      expect(lines[3]).toMatch(/,'@home$/);
    }
  });

  it('pseudonymizes with the keyed HMAC, once per distinct value or once per row', async () => {
    const field = FIELDS[1] as FieldSpec;
    // The dataset's key, derived from the platform key (every manifest here is the harness's gate-test).
    const key = datasetKey(TEST_KEY, manifestOf(FIELDS));
    const want = (i: number) =>
      applyTreatment(`person${i % 997}`, field.treatment as never, {
        fieldType: 'string',
        key,
        record: {},
      });
    const nd = (await fast.artifacts()).get('data.ndjson') as Buffer;
    const got = nd
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(0, 2000)
      .map((l) => (JSON.parse(l) as { person: string }).person);
    expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => want(i + 1)));

    // All distinct: the per-row path.
    const unique = manifestOf(FIELDS.slice(0, 2), { primaryKey: ['id'] });
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},someone${i}`);
    const run = await runGate(unique, { 'data.csv': `id,person\n${rows.join('\n')}\n` });
    try {
      const out = ((await run.artifacts()).get('data.ndjson') as Buffer).toString('utf8').trim().split('\n');
      expect(out.map((l) => (JSON.parse(l) as { person: string }).person)).toEqual(
        rows.map((_, i) =>
          applyTreatment(`someone${i}`, field.treatment as never, { fieldType: 'string', key, record: {} }),
        ),
      );
    } finally {
      await run.cleanup();
    }
  });

  it('keeps the remaining rows in order when k-anonymity suppresses some', async () => {
    const manifest = manifestOf(
      [
        { name: 'id', type: 'integer' },
        { name: 'band', type: 'string' },
      ],
      { kAnonymity: { quasiIdentifiers: ['band'], k: 5, suppress: true } },
    );
    // Every 1000th row is alone in its band (suppressed); the others share a few bands.
    const body = Array.from({ length: ROWS }, (_, i) => `${i + 1},${(i + 1) % 1000 === 0 ? `solo${i}` : `b${i % 7}`}`);
    const run = await runGate(manifest, { 'data.csv': `id,band\n${body.join('\n')}\n` });
    try {
      expect(run.result.report.valid).toBe(true);
      const got = ids((await run.artifacts()).get('data.ndjson') as Buffer);
      expect(got).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => i % 1000 !== 0));
    } finally {
      await run.cleanup();
    }
  }, 60_000);

  it('reads padded typed cells as the detailed path does, casting them untrimmed only when that is safe', async () => {
    // Typed fields that only their typed value reads are cast without trimming (castUntrimmed): DuckDB's
    // casts ignore ASCII spaces and tabs, so those releases stay on the fast path; a cell padded with a
    // no-break or ideographic space, or holding only spaces, fails the untrimmed cast and sends the
    // release to the detailed path, which trims. Either way the artifacts are the detailed path's.
    const manifest = manifestOf(
      [
        { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 } },
        { name: 'amount', type: 'number' },
        { name: 'on', type: 'date' },
        { name: 'at', type: 'datetime', format: '%Y-%m-%d %H:%M:%S' },
        { name: 'flag', type: 'boolean' },
        { name: 'note', type: 'string' },
      ],
      { primaryKey: ['id'] },
    );
    const header = 'id,amount,on,at,flag,note';
    const asciiPadded = [
      header,
      ' 1 ,\t2.5, 2025-01-02 , 2025-01-02 03:04:05,yes, a ',
      '2,3 ,2025-01-03,2025-01-03 03:04:05,no,b',
    ];
    const unicodePadded = [
      header,
      '1,2.5\u00a0,2025-01-02,2025-01-02 03:04:05, yes,a',
      '\u30002,   ,2025-01-03,\u00a02025-01-03 03:04:05,no,b',
    ];
    for (const [lines, staysFast] of [
      [asciiPadded, true],
      [unicodePadded, false],
    ] as const) {
      const csv = `${lines.join('\n')}\n`;
      const steps: string[] = [];
      const a = await runGate(manifest, { 'data.csv': csv }, { processor: { onStep: (s) => steps.push(s) } });
      const b = await runGate(manifest, { 'data.csv': csv }, { processor: { stagedPath: false } });
      try {
        expect(a.result.report.valid).toBe(true);
        expect(a.result.report).toEqual(b.result.report);
        const fa = await a.artifacts();
        const fb = await b.artifacts();
        for (const name of ['data.csv', 'data.ndjson', 'data.json']) {
          expect(fa.get(name)?.toString('utf8'), name).toBe(fb.get(name)?.toString('utf8'));
        }
        // The detailed path stages a view of the loaded files; the fast path has no such step.
        expect(steps.includes('stage'), lines[1]).toBe(!staysFast);
      } finally {
        await a.cleanup();
        await b.cleanup();
      }
    }
  }, 60_000);

  it('reports a refused release exactly as the detailed path does', async () => {
    const manifest = manifestOf(FIELDS, { primaryKey: ['id'] });
    const bad = csv
      .replace('\n7,', '\n6,') // a repeated primary key
      .replace(/\n20,([^\n]*)/, '\n20,$1,extra') // a ragged row
      .replace(/\n30,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*/, (m) => m.replace(/,[^,]*$/, ',not-a-number'));
    const a = await runGate(manifest, { 'data.csv': bad });
    const b = await runGate(manifest, { 'data.csv': bad }, { processor: { stagedPath: false } });
    try {
      expect(a.result.report.valid).toBe(false);
      expect(a.result.report).toEqual(b.result.report);
      expect(a.result.report.issues.map((i) => i.type)).toEqual(
        expect.arrayContaining(['row/ragged', 'row/primary-key', 'cell/type']),
      );
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  }, 60_000);
});
