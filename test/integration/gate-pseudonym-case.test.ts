/**
 * `pseudonymize` with `caseInsensitive` through the real processor, on a CSV holding one resident ID
 * with its check character written `x` and `X`: opted in, both get one pseudonym, on the staged path
 * (per row and per distinct value) and the detailed path alike, equal to the JS reference; without the
 * option nothing changes (the two forms stay apart, as in every version already published). What is
 * hashed is the cell with its surrounding spaces trimmed.
 */
import { describe, expect, it } from 'vitest';
import { DatasetManifest } from '../../functions/core/manifest/schema.ts';
import { datasetKey } from '../../functions/core/protection/treatments/hmac.ts';
import { applyTreatment } from '../../functions/core/protection/treatments/index.ts';
import { type FieldInput, manifestInputOf, manifestOf, runGate, TEST_KEY } from '../fixtures/gate/harness.ts';

const VALUES = [
  '11010519491231002x',
  '11010519491231002X',
  ' 11010519491231002X ',
  '110101199003074513',
  'abc-1',
  'ABC-1',
];

function fields(caseInsensitive?: boolean): FieldInput[] {
  return [
    { name: 'id', type: 'integer' },
    {
      name: 'person',
      type: 'string',
      grade: 'sensitive',
      treatment: { kind: 'pseudonymize', length: 16, ...(caseInsensitive === undefined ? {} : { caseInsensitive }) },
    },
  ];
}

/** The CSV: VALUES repeated `times` (4 times or more, the staged path hashes each distinct value once). */
function csvOf(times: number): string {
  const lines = ['id,person'];
  for (let i = 0; i < VALUES.length * times; i++) lines.push(`${i + 1},"${VALUES[i % VALUES.length]}"`);
  return `${lines.join('\n')}\n`;
}

async function pseudonyms(caseInsensitive: boolean | undefined, times: number, stagedPath: boolean) {
  const manifest = manifestOf(fields(caseInsensitive));
  const run = await runGate(manifest, { 'data.csv': csvOf(times) }, { processor: { stagedPath } });
  try {
    expect(run.result.report.issues).toEqual([]);
    const nd = (await run.artifacts()).get('data.ndjson')?.toString('utf8') ?? '';
    const rows = nd
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { person: string }).person);
    // The JS reference over the trimmed cell, with the dataset's key.
    const t = manifest.fields[1]?.treatment;
    if (t?.kind !== 'pseudonymize') throw new Error('unexpected treatment');
    const key = datasetKey(TEST_KEY, manifest);
    const want = VALUES.map((v) => applyTreatment(v.trim(), t, { fieldType: 'string', key }));
    return { rows: rows.slice(0, VALUES.length), want, all: rows };
  } finally {
    await run.cleanup();
  }
}

const PATHS = [
  { name: 'staged, once per row', times: 1, stagedPath: true },
  { name: 'staged, once per distinct value', times: 5, stagedPath: true },
  { name: 'detailed', times: 1, stagedPath: false },
];

describe('pseudonymize caseInsensitive in the gate', () => {
  for (const p of PATHS) {
    it(`gives x and X one pseudonym when opted in (${p.name})`, async () => {
      const { rows, want, all } = await pseudonyms(true, p.times, p.stagedPath);
      expect(rows).toEqual(want);
      const [x, upper, spaced, digits, lower, upperAbc] = rows;
      expect(x).toMatch(/^[0-9a-f]{16}$/);
      expect(upper).toBe(x);
      expect(spaced).toBe(x);
      expect(upperAbc).toBe(lower);
      expect(new Set([x, digits, lower]).size).toBe(3);
      expect(all).toEqual(Array.from({ length: VALUES.length * p.times }, (_, i) => rows[i % VALUES.length]));
    });

    it(`keeps x and X apart without the option, as published before (${p.name})`, async () => {
      const { rows, want } = await pseudonyms(undefined, p.times, p.stagedPath);
      expect(rows).toEqual(want);
      const [x, upper, spaced, , lower, upperAbc] = rows;
      expect(upper).not.toBe(x);
      expect(spaced).toBe(upper); // surrounding spaces are trimmed before hashing, always
      expect(upperAbc).not.toBe(lower);
      // `caseInsensitive: false` is the same as leaving it out.
      expect((await pseudonyms(false, p.times, p.stagedPath)).rows).toEqual(rows);
    });
  }

  it('opting in keeps the pseudonym of every value without a-z (upper-case IDs keep joining old versions)', async () => {
    const plain = (await pseudonyms(undefined, 1, true)).rows;
    const folded = (await pseudonyms(true, 1, true)).rows;
    expect(folded[1]).toBe(plain[1]); // 11010519491231002X
    expect(folded[3]).toBe(plain[3]); // digits only
    expect(folded[5]).toBe(plain[5]); // ABC-1
    expect(folded[0]).not.toBe(plain[0]); // the lower-case x now joins the upper-case form
  });

  it('refuses caseInsensitive on a primary key: ids differing only in case would publish one key', () => {
    const r = DatasetManifest.safeParse(
      manifestInputOf(
        [
          { name: 'person', type: 'string', treatment: { kind: 'pseudonymize', length: 16, caseInsensitive: true } },
          { name: 'n', type: 'integer' },
        ],
        { primaryKey: ['person'] },
      ),
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join('\n')).toMatch(/caseInsensitive/);
  });
});
