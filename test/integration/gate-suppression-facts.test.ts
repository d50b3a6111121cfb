/**
 * Rows taken out by k-anonymity suppression are carried as facts (M1): the report says how many of how
 * many rows, over which quasi-identifiers and k, on both paths of the processor, and the
 * de-identification record's note carries the same facts, so that every sentence about them (CLI,
 * approver's notice, the site's Chinese) is written from them. The English the facts give is the
 * gate's own note, word for word.
 */
import { describe, expect, it } from 'vitest';
import { findingNote, recordedNote } from '../../functions/core/protection/deidentification-finding.ts';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { USCC_CODES } from '../fixtures/gate/uscc-codes.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'district', type: 'string' },
  { name: 'trade', type: 'string' },
  { name: 'uscc', type: 'string' },
];

/** 10 rows: 6 in one (district, trade) class, 4 alone in theirs; every row has a valid unified social credit code. */
const CODES = USCC_CODES;
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
      // The gate's English note is what the facts give in the record's wording.
      expect(recordedNote(entry?.findings ?? [])).toBe(entry?.note);
      // The detector note's English is the facts' too, and counts the values published: the 6 rows
      // kept, not the 10 scanned before suppression.
      const code = output?.deidentification.find((e) => e.field === 'uscc');
      const published = { kind: 'detector-published', detector: 'uscc', values: 6, basis: 'organisation' } as const;
      expect(code?.findings).toEqual([published]);
      expect(code?.note).toBe(findingNote(published, 'en'));
    } finally {
      await run.cleanup();
    }
  });
});

describe.each([
  ['the staged (fast) path', true],
  ['the detailed path', false],
])('a suppression over one field that has a note of its own (%s)', (_, staged) => {
  it('keeps both notes on the field, each with its facts, the detector counting the values published', async () => {
    // The code is the one quasi-identifier: 6 rows share the first code, 4 codes are alone (suppressed).
    const rows = CODES.map((c, i) => `${i + 1},东城区,餐饮,${i < 6 ? CODES[0] : c}`);
    const manifest = manifestOf(FIELDS, { kAnonymity: { quasiIdentifiers: ['uscc'], k: 5, suppress: true } });
    const run = await runGate(
      manifest,
      { 'data.csv': `id,district,trade,uscc\n${rows.join('\n')}\n` },
      { processor: { stagedPath: staged } },
    );
    try {
      const { output } = run.result;
      expect(output?.rowCount).toBe(6);
      const code = output?.deidentification.filter((e) => e.field === 'uscc');
      expect(code).toHaveLength(1);
      expect(code?.[0]?.findings).toEqual([
        { kind: 'detector-published', detector: 'uscc', values: 6, basis: 'organisation' },
        { kind: 'k-anonymity-suppression', rows: 4, of: 10, k: 5, quasiIdentifiers: ['uscc'] },
      ]);
      expect(code?.[0]?.note).toBe(
        '6 Unified social credit code (organisation) value(s) published as organisation data (not personal); 4 row(s) in classes smaller than k=5 were suppressed',
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
      const findings = run.result.output?.deidentification.flatMap((e) => e.findings ?? []);
      expect(findings?.some((f) => f.kind === 'k-anonymity-suppression')).toBe(false);
      expect(run.result.output?.deidentification.some((e) => e.cause === 'k-anonymity')).toBe(false);
    } finally {
      await run.cleanup();
    }
  });
});
