import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../functions/core/protection/detectors/index.ts';
import {
  confirmCandidates,
  type PiiCandidateRow,
  piiRowFilter,
  piiScanSql,
} from '../../functions/core/protection/pii-scan-sql.ts';
import { quoteLiteral } from '../../functions/core/sql/quote.ts';
import { expectedHits } from '../support/pii-expectation.ts';

/**
 * A first group written in brackets with numerals in it, then a spaced dash: the closing bracket and
 * " - " are four characters between two digits, one more than the numeral runs of the row filter
 * allowed, so the SQL scan skipped rows scanText reads a mobile number in (found by the property test
 * of pii-written-forms.test.ts: "(⑰6) - 6768 - 5276").
 */
describe('the SQL scan and a bracketed first group of numerals', () => {
  it.each([
    '(⑰6) - 6768 - 5276',
    'x(⑰6) - 6768 - 5276',
    '\u200b(⑰6) - 6768 - 5276',
    '(一七六) - 6768 - 5276',
    '（一三八） - 0013 - 8000',
  ])('finds what scanText finds in %s', async (text) => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const rows: [string, string][] = [['', text]];
      await conn.run(
        `CREATE TEMP TABLE notes AS SELECT j->>'a' AS "备注", j->>'b' AS b FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
        { data: JSON.stringify(rows.map(([a, b]) => ({ a, b }))) },
      );
      const candidates = `(SELECT * FROM notes WHERE regexp_matches(concat_ws(chr(31), "备注", b), ${quoteLiteral(piiRowFilter(DETECTORS))}))`;
      const scanned = (await conn.runAndReadAll(piiScanSql(candidates, ['备注', 'b'], DETECTORS))).getRowObjectsJS();
      const confirmed = confirmCandidates(scanned as unknown as PiiCandidateRow[], DETECTORS);
      const got = new Map(
        confirmed.map((r) => [`${r.column_name}|${r.detector}|${r.candidate}`, Number(r.occurrences)]),
      );
      const expected = expectedHits(rows);
      expect(expected.size).toBe(1);
      expect(got).toEqual(expected);
    } finally {
      conn.closeSync();
    }
  });
});
