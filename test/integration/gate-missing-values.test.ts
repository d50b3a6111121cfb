import { describe, expect, it } from 'vitest';
import { issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

/** Frictionless-style missing-value markers: "NA" and "-" mean no value, before validation. */
describe('missing values', () => {
  const csv = 'code,city,population\nA1,Springfield,120\nA2,NA,-\nA3,-,NA\n';
  const fields = [
    { name: 'code', type: 'string' as const, constraints: { required: true } },
    { name: 'city', type: 'string' as const },
    { name: 'population', type: 'integer' as const },
  ];

  it('refuses "NA" in an integer column when no markers are declared', async () => {
    const run = await runGate(manifestOf(fields, { primaryKey: ['code'] }), { 'data.csv': csv });
    try {
      expect(run.result.report.valid).toBe(false);
      expect(issuesOf(run.result, 'cell/type').map((i) => i.value)).toEqual(expect.arrayContaining(['-', 'NA']));
    } finally {
      await run.cleanup();
    }
  });

  it('publishes declared markers as empty values (null in JSON), keeping real text', async () => {
    const manifest = manifestOf(fields, { primaryKey: ['code'], source: { missingValues: ['NA', '-'] } });
    const run = await runGate(manifest, { 'data.csv': csv });
    try {
      expect(run.result.report.valid).toBe(true);
      const rows = JSON.parse((await run.artifacts()).get('data.json')?.toString('utf8') ?? '[]') as Array<
        Record<string, unknown>
      >;
      expect(rows).toEqual([
        { code: 'A1', city: 'Springfield', population: 120 },
        { code: 'A2', city: null, population: null },
        { code: 'A3', city: null, population: null },
      ]);
    } finally {
      await run.cleanup();
    }
  });

  it('still reports a required field whose value is a marker', async () => {
    const manifest = manifestOf(fields, { primaryKey: ['code'], source: { missingValues: ['A2'] } });
    const run = await runGate(manifest, { 'data.csv': csv });
    try {
      expect(issuesOf(run.result, 'cell/required').map((i) => i.row)).toEqual([2]);
    } finally {
      await run.cleanup();
    }
  });
});
