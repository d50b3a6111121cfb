import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../functions/core/errors.ts';
import { negotiateFormat, renderAnswer } from '../../../functions/http/query-output.ts';

/** Content negotiation of the query answers: `format=` first, then `Accept` as RFC 9110 reads it. */

const negotiate = (accept: string | undefined, format?: string) =>
  negotiateFormat({
    headers: accept === undefined ? {} : { Accept: accept },
    queryStringParameters: format === undefined ? undefined : { format },
  });

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['text/csv', 'csv'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['TEXT/CSV; charset=utf-8', 'csv'],
    // q-values: the higher wins, whatever the order of the list.
    ['text/csv;q=0.5, application/json;q=0.9', 'json'],
    ['application/json;q=0.4, text/csv;q=0.5', 'csv'],
    ['application/json;q=0.1, application/x-ndjson', 'ndjson'],
    // q=0: not acceptable, never chosen.
    ['text/csv;q=0', 'json'],
    ['text/csv;q=0, */*;q=0.1', 'json'],
    ['application/json;q=0, text/csv;q=0.1', 'csv'],
    // Wildcards: the most specific range naming a format gives its q.
    ['*/*', 'json'],
    ['text/*', 'csv'],
    ['text/*;q=0.2, */*;q=0.1', 'csv'],
    ['text/csv;q=0, text/*, application/json;q=0.5', 'json'],
    ['*/*;q=0.8, application/json;q=0', 'csv'],
    ['application/*', 'json'],
    // Ties go to the server's order: JSON, CSV, NDJSON.
    ['application/x-ndjson, text/csv', 'csv'],
    ['text/csv, application/json', 'json'],
    // Nothing acceptable, or nothing readable: JSON, as without Accept.
    ['text/html', 'json'],
    ['application/json;q=0, text/csv;q=0, application/x-ndjson;q=0, application/ndjson;q=0', 'json'],
    ['text/csv;q=2', 'json'],
    ['garbage', 'json'],
  ] as const)('Accept %j → %s', (accept, format) => {
    expect(negotiate(accept)).toBe(format);
  });

  it('lets format= win over Accept, and names where a bad format came from', () => {
    expect(negotiate('text/csv', 'ndjson')).toBe('ndjson');
    expect(negotiateFormat({ headers: {} }, { value: 'csv', where: 'body.format' })).toBe('csv');
    for (const [requested, where] of [
      [undefined, 'query.format'],
      [{ value: 'xml', where: 'body.format' }, 'body.format'],
    ] as const) {
      try {
        negotiateFormat({ headers: {}, queryStringParameters: { format: 'xml' } }, requested);
        expect.unreachable();
      } catch (e) {
        expect(isAppError(e) && e.status).toBe(400);
        expect(isAppError(e) && e.errors[0]?.where).toBe(where);
      }
    }
  });
});

describe('renderAnswer', () => {
  const columns = [{ name: 'n', type: 'BIGINT' }] as Parameters<typeof renderAnswer>[0]['columns'];
  it('writes every paging header, x-truncated-by only when the answer names the cap', () => {
    for (const format of ['csv', 'ndjson'] as const) {
      const cut = renderAnswer({ columns, rows: [[1]], truncated: true, truncatedBy: 'bytes' }, format);
      expect(cut.headers).toEqual({ 'x-truncated': 'true', 'x-truncated-by': 'bytes' });
      const whole = renderAnswer({ columns, rows: [[1]], truncated: false, truncatedBy: null }, format);
      expect(whole.headers).toEqual({ 'x-truncated': 'false' });
      const paged = renderAnswer({ columns, rows: [[1]], truncated: true, total: 9, next: '/v1/x?cursor=c' }, format);
      expect(paged.headers).toEqual({
        'x-truncated': 'true',
        'x-total-count': '9',
        link: '</v1/x?cursor=c>; rel="next"',
      });
    }
  });
});
