import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest } from '../core/errors.ts';
import { neutralizeCsvCell } from '../core/protection/csv-injection.ts';
import type { QueryAnswer } from '../usecases/query-dataset.ts';
import { header } from './response.ts';

export type OutputFormat = 'json' | 'csv' | 'ndjson';

/** `format=` wins over `Accept`; JSON by default. */
export function negotiateFormat(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters'>,
): OutputFormat {
  const f = event.queryStringParameters?.format;
  if (f !== undefined) {
    if (f === 'json' || f === 'csv' || f === 'ndjson') return f;
    throw badRequest({
      detail: `unknown format "${f}"`,
      hint: 'use format=json, csv or ndjson',
      errors: [{ where: 'query.format', message: 'must be json, csv or ndjson' }],
    });
  }
  const accept = header(event, 'accept') ?? '';
  if (/text\/csv/.test(accept)) return 'csv';
  if (/application\/(x-)?ndjson/.test(accept)) return 'ndjson';
  return 'json';
}

/** What can be rendered as a table: a query answer, or a SQL answer (no paging link, no total). */
export type TabularAnswer = Pick<QueryAnswer, 'columns' | 'rows' | 'truncated'> &
  Partial<Pick<QueryAnswer, 'total' | 'next'>>;

/** Renders an answer; CSV cells are formula-safe and the paging state travels in headers. */
export function renderAnswer(
  answer: TabularAnswer,
  format: OutputFormat,
): { body: string; contentType: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'x-truncated': String(answer.truncated) };
  if (answer.next) headers.link = `<${answer.next}>; rel="next"`;
  if (answer.total !== null && answer.total !== undefined) headers['x-total-count'] = String(answer.total);
  if (format === 'json')
    return { body: JSON.stringify(answer), contentType: 'application/json; charset=utf-8', headers };
  const names = answer.columns.map((c) => c.name);
  if (format === 'ndjson') {
    const lines = answer.rows.map((r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i] ?? null]))));
    return {
      body: lines.length ? `${lines.join('\n')}\n` : '',
      contentType: 'application/x-ndjson; charset=utf-8',
      headers,
    };
  }
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? neutralizeCsvCell(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [names.map(cell).join(','), ...answer.rows.map((r) => r.map(cell).join(','))];
  return { body: `\uFEFF${lines.join('\r\n')}\r\n`, contentType: 'text/csv; charset=utf-8', headers };
}
