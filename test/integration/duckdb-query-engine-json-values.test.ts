import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readRowsWithin } from '../../functions/adapters/duckdb/read-rows.ts';

/**
 * Cells become JSON in one conversion (read-rows.ts), at every depth: non-finite doubles are null,
 * 64- and 128-bit integers are numbers when a JS number holds them exactly, else text.
 */
async function rowsOf(sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await readRowsWithin(await c.run(sql), { maxBytes: 1_000_000 })).rows;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('readRowsWithin: JSON values', () => {
  it('non-finite DOUBLE and FLOAT are null in lists, structs, maps and unions; text that reads NaN stays text', async () => {
    const rows = await rowsOf(`SELECT
        'NaN'::DOUBLE AS d, '-Infinity'::FLOAT AS f, 'NaN' AS t,
        [1.5::DOUBLE, 'Infinity'::DOUBLE] AS l,
        {'x': 'NaN'::DOUBLE, 's': 'Infinity'} AS st,
        MAP {'k': 'NaN'::DOUBLE} AS m,
        union_value(d := 'Infinity'::DOUBLE)::UNION(d DOUBLE, s VARCHAR) AS u,
        union_value(s := 'NaN')::UNION(d DOUBLE, s VARCHAR) AS us,
        [[{'y': '-Infinity'::DOUBLE}]] AS deep`);
    expect(rows).toEqual([
      [
        null,
        null,
        'NaN',
        [1.5, null],
        { x: null, s: 'Infinity' },
        [{ key: 'k', value: null }],
        { tag: 'd', value: null },
        { tag: 's', value: 'NaN' },
        [[{ y: null }]],
      ],
    ]);
  });

  it('BIGINT and HUGEINT are numbers up to ±(2^53 − 1), text beyond, at the top level and nested alike', async () => {
    const rows = await rowsOf(`SELECT
        9007199254740991::BIGINT AS a, -9007199254740991::BIGINT AS b, 9007199254740992::BIGINT AS c,
        170141183460469231731687303715884105727::HUGEINT AS h, 42::UBIGINT AS ub,
        [1::BIGINT, 9007199254740993::BIGINT] AS l, {'n': 7::HUGEINT} AS s`);
    expect(rows).toEqual([
      [
        9007199254740991,
        -9007199254740991,
        '9007199254740992',
        '170141183460469231731687303715884105727',
        42,
        [1, '9007199254740993'],
        { n: 7 },
      ],
    ]);
  });
});
