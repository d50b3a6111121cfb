import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

/**
 * The largest answer the platform writes fits what a Lambda function may return (6,291,556 bytes: the
 * response envelope with the body inside it as a JSON string), in every format: rows of Chinese text
 * (three bytes a character) with quotes (escaped again in the envelope) under long aliases (which
 * NDJSON repeats on every row). Before pages were measured in envelope bytes, this NDJSON page was
 * over 10 MB, and API Gateway would have answered 500 with no rows.
 */

const LAMBDA_RESPONSE_LIMIT = 6_291_556;

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['cn-provinces'] });
});
afterAll(async () => {
  await p?.cleanup();
});

/** The envelope a Lambda proxy integration returns for a response, as API Gateway receives it. */
const envelopeOf = (res: Response, body: string) =>
  JSON.stringify({
    statusCode: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    body,
    isBase64Encoded: false,
  });

describe('the largest page', () => {
  // 60 columns of Chinese text with quotes, each under a 20-character Chinese alias with a quote.
  const columns = Array.from(
    { length: 60 },
    (_, i) => `'"引号"' || a.name || '自治区“${i}”' AS "很长的列名称：省级行政区划名称与说明之${i}"`,
  );
  // 34³ = 39,304 rows: more than one answer carries.
  const sql = `SELECT ${columns.join(', ')} FROM "cn-provinces" a, "cn-provinces" b, "cn-provinces" c`;

  for (const format of ['json', 'ndjson', 'csv'] as const) {
    it(`fits a Lambda response as ${format}, cut by size with the truncated flag`, async () => {
      const res = await fetch(`${p.url}/v1/sql?format=${format}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sql, limit: 50_000 }),
      });
      const body = await res.text();
      expect(res.status, body.slice(0, 500)).toBe(200);
      const answer = format === 'json' ? (JSON.parse(body) as { rows: unknown[]; truncated: boolean }) : null;
      const rows = answer ? answer.rows.length : body.trimEnd().split('\n').length - (format === 'csv' ? 1 : 0);
      // Cut by size, well before the 39,304 rows asked for, yet a page of hundreds of these wide rows.
      expect(answer ? String(answer.truncated) : res.headers.get('x-truncated')).toBe('true');
      expect(rows).toBeGreaterThan(300);
      expect(rows).toBeLessThan(39_304);
      expect(Buffer.byteLength(envelopeOf(res, body))).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    });
  }
});
