/** Finding and naming the first broken line of an NDJSON file DuckDB refused (ndjson-broken-line.ts). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstBrokenNdjsonLine, ndjsonLineProblem } from '../../../functions/adapters/duckdb/ndjson-broken-line.ts';

const dir = mkdtemp(join(tmpdir(), 'ndjson-broken-'));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

async function broken(text: string | Buffer) {
  const path = join(await dir, `f${Math.random()}.ndjson`);
  await writeFile(path, text);
  return firstBrokenNdjsonLine(path);
}

describe('firstBrokenNdjsonLine', () => {
  it('counts lines as an editor does and rows as DuckDB does (blank lines skipped)', async () => {
    expect(await broken('{"a":1}\n\n{"a":2}\n{"a":3,\n{"a":4}\n')).toMatchObject({ line: 4, row: 3 });
  });

  it('drops a BOM and CRs, and judges a last line without a newline', async () => {
    expect(await broken('\uFEFF{"a":1}\r\n{"a":2}\r\n')).toBeUndefined();
    expect(await broken('{"a":1}\n{"a":2}\n{"a":3')).toMatchObject({
      line: 3,
      row: 3,
      what: 'unexpected end of the line: the object is not closed',
    });
  });

  it('finds a line across read chunks (1 MiB)', async () => {
    const long = `{"a":"${'x'.repeat(1_500_000)}"}`;
    expect(await broken(`${long}\n${long}\n{"a":\n`)).toMatchObject({ line: 3, row: 3 });
  });
});

describe('ndjsonLineProblem', () => {
  it('accepts what DuckDB accepts: objects, trailing commas, NaN', () => {
    expect(ndjsonLineProblem('{"a": 1, "b": [1, 2]}')).toBeUndefined();
    expect(ndjsonLineProblem('{"a": 1, "b": [1, 2,],}')).toBeUndefined();
    expect(ndjsonLineProblem('{"a": NaN, "b": -Infinity, "c": "NaN,}"}')).toBeUndefined();
  });

  it.each([
    ['{"a": "x', 'unexpected end of the line: a string is not closed'],
    ['{"a": {"b": 1}', 'unexpected end of the line: the object is not closed'],
    ['{a: 1}', 'a key is not quoted'],
    ['{"a": 1, 名称: "x"}', 'a key is not quoted'],
    ["{'a': 'x'}", 'it uses single quotes (JSON takes double quotes)'],
    ['{"a": 1} {"a": 2}', 'there is more after the object\'s closing "}" (two objects on one line?)'],
    ['[1, 2]', 'it is an array, not an object'],
    ['[{"a": 1},', 'it starts with "[" (a JSON array, not an object)'],
    ['"text"', 'it is a string, not an object'],
    ['id,name', 'it starts with "i", not "{"'],
    ['{"a": 1 "b": 2}', 'unexpected character at column 9'],
    ['  {"a": 1 "b": 2}', 'unexpected character at column 11'],
  ])('names %s', (line, what) => {
    expect(ndjsonLineProblem(line)?.what).toBe(what);
  });

  it('points a JSON array to `format: json`', () => {
    expect(ndjsonLineProblem('[{"a": 1},')?.hint).toContain('declare `format: json`');
  });
});
