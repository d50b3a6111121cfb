/**
 * Rows taken out by k-anonymity suppression are carried as facts (M1): the report says how many of how
 * many rows, over which quasi-identifiers and k, on both paths of the processor, and the
 * de-identification record's note carries the same facts, so that every sentence about them (CLI,
 * approver's notice, the site's Chinese) is written from them. The English the facts give is the
 * gate's own note, word for word.
 */
import { describe, expect, it } from 'vitest';
import { findingNote } from '../../functions/core/protection/deidentification-finding.ts';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'district', type: 'string' },
  { name: 'trade', type: 'string' },
  { name: 'uscc', type: 'string' },
];

/** 10 rows: 6 in one (district, trade) class, 4 alone in theirs; every row has a valid unified social credit code. */
const CODES = [
  '9111010190MAF8H76C',
  '9111010012MA1908FE',
  '9111010734MAD9DGC4',
  '9111010258MA368938',
  '9111010610MA1CAH83',
  '9111010942MA1AAB4K',
  '9111010464MAG9HA0D',
  '9111010947MA010B8Q',
  '9111010461MA049G7M',
  '9111010372MA2A6E8F',
];
const ROWS = CODES.map((c, i) => `${i + 1},${i < 6 ? '东城区,餐饮' : `区${i},零售`},${c}`);
const CSV = `id,district,trade,uscc\n${ROWS.join('\n')}\n`;

describe.each([
  ['the staged (fast) path', true],
  ['the detailed path', false],
])('k-anonymity suppression facts on %s', (_, staged) => {
  it('reports the rows suppressed, of how many, and on the record the facts its note was written from', async () => {
    const manifest = manifestOf(FIELDS, {
      kAnonymity: { quasiIdentifiers: ['district', 'trade'], k: 5, suppress: true },
    });
    const run = await runGate(manifest, { 'data.csv': CSV }, { processor: { stagedPath: staged } });
    try {
      const { report, output } = run.result;
      expect(report.valid).toBe(true);
      expect(report.suppressed).toEqual({ rows: 4, of: 10, k: 5, quasiIdentifiers: ['district', 'trade'] });
      expect(output?.rowCount).toBe(6);
      const entry = output?.deidentification.find((e) => e.cause === 'k-anonymity');
      expect(entry?.findings).toEqual([
        { kind: 'k-anonymity-suppression', rows: 4, of: 10, k: 5, quasiIdentifiers: ['district', 'trade'] },
      ]);
      // The gate's English note is what the facts give without the rows read (the record's wording).
      const finding = entry?.findings?.[0];
      if (finding?.kind !== 'k-anonymity-suppression') throw new Error('no suppression finding');
      const { of: _of, ...withoutOf } = finding;
      expect(findingNote(withoutOf, 'en')).toBe(entry?.note);
      // The detector note's English is the facts' too (deidentification-finding.ts mirrors the gate's
      // wording; the count is left out: the gate counts the values it scanned, before suppression).
      const code = output?.deidentification.find((e) => e.field === 'uscc');
      const values = Number(code?.note?.split(' ')[0]);
      expect(code?.note).toBe(
        findingNote({ kind: 'detector-published', detector: 'uscc', values, basis: 'organisation' }, 'en'),
      );
    } finally {
      await run.cleanup();
    }
  });
});

describe('no suppression, no facts', () => {
  it('says nothing when every class has k rows, or when suppression is not declared', async () => {
    const ok = manifestOf(FIELDS, { kAnonymity: { quasiIdentifiers: ['district', 'trade'], k: 5, suppress: true } });
    const run = await runGate(ok, { 'data.csv': `id,district,trade,uscc\n${ROWS.slice(0, 6).join('\n')}\n` });
    try {
      expect(run.result.report.suppressed).toBeUndefined();
      expect(run.result.output?.deidentification.some((e) => e.findings !== undefined)).toBe(false);
    } finally {
      await run.cleanup();
    }
  });
});
