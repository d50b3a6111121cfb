/**
 * Hand-edited exports: a CSV mixing LF and CRLF line endings (DuckDB's strict reader used to stop
 * with an uncaught "CSV Parser state machine reached an invalid state"), and NDJSON with a UTF-8 BOM
 * (refused as "Malformed JSON ... BOM is not supported" though `encoding: auto` accepts a BOM). Text
 * fields without constraints used to crash the detailed path (`SELECT  FROM`).
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, manifestOf, runGate, type SourceInputSpec } from '../fixtures/gate/harness.ts';

const FIELDS: FieldInput[] = [
  { name: 'code', type: 'string' },
  { name: 'remarks', type: 'string' },
];

async function published(body: string | Uint8Array, name = 'data.csv', source: SourceInputSpec = {}) {
  const run = await runGate(manifestOf(FIELDS, { source: { files: [{ path: name }], ...source } }), { [name]: body });
  try {
    const nd = (await run.artifacts()).get('data.ndjson')?.toString('utf8') ?? '';
    return {
      report: run.result.report,
      rows: nd
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    };
  } finally {
    await run.cleanup();
  }
}

describe('CSV with mixed line endings', () => {
  it.each([
    ['LF header, CRLF row', 'code,remarks\n01,abc\r\n02,def\n'],
    ['CRLF header, LF row', 'code,remarks\r\n01,abc\n02,def\r\n'],
  ])('reads %s', async (_, csv) => {
    const r = await published(csv);
    expect(r.report).toMatchObject({ valid: true, rowsRead: 2 });
    expect(r.rows).toEqual([
      { code: '01', remarks: 'abc' },
      { code: '02', remarks: 'def' },
    ]);
  });

  it('reads a quoted multi-line cell in a file mixing CRLF and LF', async () => {
    const r = await published('code,remarks\r\n01,"a\r\nb"\n02,def\r\n');
    expect(r.report).toMatchObject({ valid: true, rowsRead: 2 });
    expect(r.rows).toEqual([
      { code: '01', remarks: 'a\nb' },
      { code: '02', remarks: 'def' },
    ]);
  });

  it('still reports a ragged row in a mixed file, with its row', async () => {
    const r = await published('code,remarks\n01,a,b\r\n02,def\n');
    expect(r.report.valid).toBe(false);
    expect(r.report.issues).toEqual([expect.objectContaining({ type: 'row/ragged', file: 'data.csv', row: 1 })]);
  });
});

describe('NDJSON', () => {
  const nd = '{"code":"01","remarks":"abc"}\n{"code":"02","remarks":"def"}\n';
  const ROWS = [
    { code: '01', remarks: 'abc' },
    { code: '02', remarks: 'def' },
  ];

  it('with a UTF-8 BOM is read like the same file without one', async () => {
    const fields: FieldInput[] = [
      { name: 'code', type: 'string', constraints: { required: true } },
      FIELDS[1] as FieldInput,
    ];
    for (const body of [nd, `\uFEFF${nd}`]) {
      const run = await runGate(manifestOf(fields, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } }), {
        'd.ndjson': body,
      });
      expect(run.result.report).toMatchObject({ valid: true, rowsRead: 2 });
      expect(run.result.output?.preview.rows).toEqual(ROWS.map((r) => [r.code, r.remarks]));
      await run.cleanup();
    }
  });

  it('is read when no field has anything to check (text fields without constraints)', async () => {
    const r = await published(nd, 'd.ndjson', { format: 'ndjson' });
    expect(r.report).toMatchObject({ valid: true, rowsRead: 2 });
    expect(r.rows).toEqual(ROWS);
  });
});
