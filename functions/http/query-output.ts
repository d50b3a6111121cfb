import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest } from '../core/errors.ts';
import { neutralizeCsvCell } from '../core/protection/csv-injection.ts';
import type { TruncatedBy } from '../core/query/page-bytes.ts';
import type { QueryAnswer } from '../usecases/query-dataset.ts';
import { header } from './response.ts';

export type OutputFormat = 'json' | 'csv' | 'ndjson';

/** The formats' media types, in the order the server prefers them when the client likes several alike. */
const MEDIA_TYPES: ReadonlyArray<readonly [OutputFormat, string]> = [
  ['json', 'application/json'],
  ['csv', 'text/csv'],
  ['ndjson', 'application/x-ndjson'],
  ['ndjson', 'application/ndjson'],
];

/**
 * `format=` wins over `Accept`: the URL's, or the value the caller read elsewhere (a POST body's) with
 * where it was. `Accept` is read as RFC 9110 (12.5.1) says: a format takes the q-value of the most
 * specific range naming it (`text/csv` before `text/*` before `*\/*`), q=0 means not acceptable, the
 * highest q wins and a tie goes to the order above (JSON first). No Accept, or no format acceptable: JSON.
 */
export function negotiateFormat(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters'>,
  requested: { value: string | undefined; where: string } = {
    value: event.queryStringParameters?.format,
    where: 'query.format',
  },
): OutputFormat {
  const f = requested.value;
  if (f !== undefined) {
    if (f === 'json' || f === 'csv' || f === 'ndjson') return f;
    throw badRequest({
      detail: `unknown format "${f}"`,
      hint: 'use format=json, csv or ndjson',
      errors: [
        {
          where: requested.where,
          message: 'must be json, csv or ndjson',
          zh: { message: '必须是 json、csv 或 ndjson' },
        },
      ],
      zh: { detail: `未知的格式“${f}”`, hint: '请使用 format=json、csv 或 ndjson' },
    });
  }
  const accept = header(event, 'accept');
  if (accept === undefined) return 'json';
  const ranges = parseAccept(accept);
  let best: { format: OutputFormat; q: number } = { format: 'json', q: 0 };
  for (const [format, type] of MEDIA_TYPES) {
    const q = qualityOf(type, ranges);
    if (q > best.q) best = { format, q };
  }
  return best.format;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/** `Accept` ranges with their weights; malformed ranges are skipped. Parameters other than q are not matched. */
function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const m = /^([a-z0-9!#$%&'*+.^_`|~-]+)\/([a-z0-9!#$%&'*+.^_`|~-]+)$/.exec(range);
    if (!m || (m[1] === '*' && m[2] !== '*')) continue;
    const weight = params.find((p) => /^q\s*=/.test(p))?.replace(/^q\s*=\s*/, '');
    if (weight !== undefined && !/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(weight)) continue;
    ranges.push({ type: m[1]!, subtype: m[2]!, q: weight === undefined ? 1 : Number(weight) });
  }
  return ranges;
}

/** The weight of the most specific range matching `type/subtype` (the first if several are as specific); 0 if none. */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } = { specificity: 0, q: 0 };
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype ? 3 : r.type === type && r.subtype === '*' ? 2 : r.type === '*' ? 1 : 0;
    if (specificity > best.specificity) best = { specificity, q: r.q };
  }
  return best.q;
}

/**
 * What can be rendered as a table: a query answer, or a SQL answer (no paging link, no total; it says
 * which cap left rows out, `truncatedBy`).
 */
export type TabularAnswer = Pick<QueryAnswer, 'columns' | 'rows' | 'truncated'> &
  Partial<Pick<QueryAnswer, 'total' | 'next'>> & { readonly truncatedBy?: TruncatedBy | null };

/**
 * Renders an answer; CSV cells are formula-safe and the paging state travels in headers: `x-truncated`
 * (were rows cut), `x-truncated-by` (by which cap, when the answer says), `link` and `x-total-count`.
 */
export function renderAnswer(
  answer: TabularAnswer,
  format: OutputFormat,
): { body: string; contentType: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'x-truncated': String(answer.truncated) };
  if (answer.truncatedBy) headers['x-truncated-by'] = answer.truncatedBy;
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
