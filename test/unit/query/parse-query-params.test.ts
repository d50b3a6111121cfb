import { describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../../functions/core/query/limits.ts';
import {
  bodyParams,
  locatedParam,
  mergePostParams,
  parseQueryParams,
  postedParam,
} from '../../../functions/core/query/parse-query-params.ts';
import { appErrorOf } from './app-error-of.ts';
import { FIELDS, PRIMARY_KEY } from './fixture-fields.ts';

const parse = (params: Record<string, string | undefined>) => parseQueryParams(params, FIELDS, PRIMARY_KEY);

describe('parseQueryParams', () => {
  it('has defaults', () => {
    expect(parse({})).toEqual({
      select: null,
      distinct: false,
      where: null,
      order: [],
      group: [],
      having: null,
      filters: [],
      search: [],
      limit: 100,
      offset: 0,
      cursor: null,
      primaryKey: ['id'],
    });
  });

  it('reads filters, ignores reserved names and Socrata $$ parameters, treats empty SoQL as absent', () => {
    const q = parse({ district: '东城区', version: '3', format: 'json', $$app_token: 't', $where: ' ', x: undefined });
    expect(q.filters).toEqual([{ column: 'district', value: '东城区' }]);
    expect(q.where).toBeNull();
  });

  it('splits $q on any whitespace, the ideographic space included', () => {
    expect(parse({ $q: ' 北京\u3000图书馆  a\tb ' }).search).toEqual(['北京', '图书馆', 'a', 'b']);
  });

  it('accepts the limits', () => {
    expect(parse({ $limit: '50000', $offset: '0' })).toMatchObject({ limit: 50000, offset: 0 });
  });

  it.each([
    [{ $limit: '50001' }, '$limit: must be at most 50000', 'Page through larger answers with the `next` link.'],
    [{ $limit: '0' }, '$limit: must be at least 1', undefined],
    [{ $limit: '-1' }, '$limit: must be at least 1', undefined],
    [{ $offset: '-5' }, '$offset: must be at least 0', undefined],
    [{ $limit: '10abc' }, '$limit: must be a whole number', undefined],
    [{ $limit: '' }, '$limit: must be a whole number', undefined],
    [{ $offset: '1.5' }, '$offset: must be a whole number', undefined],
    [
      { $offset: '2000000' },
      '$offset: must be at most 1000000',
      'Page deeper with the `next` link (cursor), which has no limit.',
    ],
    [{ $wher: 'a = 1' }, '$wher: unknown query parameter $wher', 'Did you mean $where?'],
    [
      { distrct: 'x' },
      'distrct: unknown column `distrct` (a parameter without $ filters on a column)',
      'Did you mean `district`?',
    ],
    [{ cursor: 'abc', $offset: '10' }, 'cursor: cannot be combined with $offset', undefined],
    [{ $where: 'a = \u0000' }, '$where: contains a NUL character', undefined],
    [{ $q: 'a\ud800' }, '$q: contains ill-formed Unicode', undefined],
    [{ $q: Array.from({ length: 17 }, (_, i) => `t${i}`).join(' ') }, '$q: has more than 16 terms', undefined],
    [{ name: 'x'.repeat(4001) }, 'name: is longer than 4000 characters', 'as the JSON body of a POST'],
    [
      { $where: `name = '${'x'.repeat(4000)}'` },
      '$where: is longer than 4000 characters',
      'as the JSON body of a POST',
    ],
    [{ $select: 'a,' }, '$select: unexpected end of input at the end', undefined],
  ] as const)('%j → 400 naming the parameter', (params, detail, hint) => {
    const error = appErrorOf(() => parse(params));
    expect(error.status).toBe(400);
    expect(error.detail).toBe(detail);
    expect(error.errors[0]?.where).toBe(detail.split(':')[0]);
    if (hint) expect(error.hint).toContain(hint);
  });
});

describe('a POST body (bodyParams)', () => {
  it('takes parameters up to maxPostInputLength characters (a long IN list), and refuses beyond', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(100_000 + i));
    const where = `id IN (${ids.join(', ')})`;
    expect(where.length).toBeGreaterThan(QUERY_LIMITS.maxInputLength);
    expect(appErrorOf(() => parse({ $where: where })).detail).toBe(
      `$where: is longer than ${QUERY_LIMITS.maxInputLength} characters`,
    );
    const q = parseQueryParams({ $where: where }, FIELDS, PRIMARY_KEY, { posted: true });
    expect(q.where).toMatchObject({ kind: 'in' });
    const tooLong = `name = '${'x'.repeat(QUERY_LIMITS.maxPostInputLength)}'`;
    const error = appErrorOf(() => parseQueryParams({ $where: tooLong }, FIELDS, PRIMARY_KEY, { posted: true }));
    expect(error.detail).toBe(`$where: is longer than ${QUERY_LIMITS.maxPostInputLength} characters`);
    expect(error.hint ?? '').not.toContain('POST');
  });

  it('reads a JSON object with numbers; null leaves out a parameter', () => {
    const body = { $where: 'population > 1', $limit: 10, open: true, $order: null, version: null, cursor: null };
    const q = parseQueryParams(bodyParams(body), FIELDS, PRIMARY_KEY);
    expect(q.limit).toBe(10);
    expect(q.filters).toEqual([{ column: 'open', value: 'true' }]);
    expect(q.where).not.toBeNull();
    expect(bodyParams(body)).toEqual({ $where: 'population > 1', $limit: '10', open: 'true' });
  });

  it('refuses null as a filter value (it used to drop the filter) with the IS NULL hint', () => {
    const error = appErrorOf(() => bodyParams({ $limit: 2, district: null }));
    expect(error.status).toBe(400);
    expect(error.errors[0]?.where).toBe('district');
    expect(error.detail).toMatch(/^district: cannot be null/);
    expect(error.hint).toContain('$where=district IS NULL');
    expect(appErrorOf(() => bodyParams({ 'two words': null })).hint).toContain('$where=`two words` IS NULL');
  });

  it.each([[[]], ['x'], [null], [{ $where: ['a'] }], [{ $limit: { n: 1 } }]])('refuses %j', (body) => {
    expect(appErrorOf(() => bodyParams(body)).status).toBe(400);
  });
});

describe('a POST with URL parameters (mergePostParams, postedParam)', () => {
  it('merges the URL filters and $ parameters with the body', () => {
    expect(mergePostParams({ district: '东城区', format: 'csv' }, { $limit: '2', version: '1' })).toEqual({
      district: '东城区',
      format: 'csv',
      $limit: '2',
      version: '1',
    });
  });

  it('takes a name given in both with one value (a POST to a `next` link repeats the body)', () => {
    expect(mergePostParams({ $limit: '2', version: '3' }, { $limit: '2', version: '3' })).toEqual({
      $limit: '2',
      version: '3',
    });
  });

  it('lets the URL position (cursor or $offset) replace the body’s, and a URL version a body’s latest', () => {
    expect(mergePostParams({ cursor: 'c2' }, { $offset: '10', $limit: '2' })).toEqual({ cursor: 'c2', $limit: '2' });
    expect(mergePostParams({ $offset: '20' }, { $offset: '10' })).toEqual({ $offset: '20' });
    expect(postedParam('version', { version: '3' }, { version: 'latest' })).toBe('3');
  });

  it('says where a parameter needed before parsing is (locatedParam: the query API and the SQL API)', () => {
    expect(locatedParam('format', { format: 'csv' }, {})).toEqual({ value: 'csv', where: 'query.format' });
    expect(locatedParam('format', {}, { format: 'csv' })).toEqual({ value: 'csv', where: 'body.format' });
    expect(locatedParam('format', { format: 'csv' }, { format: 'csv' })).toEqual({
      value: 'csv',
      where: 'query.format',
    });
    expect(locatedParam('version', {}, {})).toEqual({ value: undefined, where: 'query.version' });
    expect(locatedParam('version', { version: '3' }, { version: 'latest' })).toEqual({
      value: '3',
      where: 'query.version',
    });
    expect(appErrorOf(() => locatedParam('format', { format: 'csv' }, { format: 'json' })).status).toBe(400);
  });

  it.each([
    [{ district: 'a' }, { district: 'b' }, 'district'],
    [{ $where: 'population > 1' }, { $where: 'population > 2' }, '$where'],
    [{ version: '1' }, { version: '2' }, 'version'],
    [{ format: 'csv' }, { format: 'json' }, 'format'],
  ])('refuses %j with %j: a 400 naming the parameter', (url, body, name) => {
    const error = appErrorOf(() => mergePostParams(url, body));
    expect(error.status).toBe(400);
    expect(error.errors[0]?.where).toBe(name);
    expect(error.detail).toContain('in the URL');
  });
});
