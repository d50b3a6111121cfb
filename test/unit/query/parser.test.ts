import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../functions/core/query/ast.ts';
import { QUERY_LIMITS } from '../../../functions/core/query/limits.ts';
import {
  parseExpression,
  parseGroupList,
  parseOrderList,
  parseSelectList,
} from '../../../functions/core/query/parser.ts';
import { appErrorOf } from './app-error-of.ts';

/** Prints a tree compactly, fully parenthesized, so precedence is visible at a glance. */
const show = (e: Expr): string => {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'column':
      return e.name;
    case 'system':
      return `:${e.name}`;
    case 'not':
      return `(NOT ${show(e.operand)})`;
    case 'negate':
      return `(-${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'in':
      return `(${show(e.operand)} ${e.negated ? 'NOT IN' : 'IN'} [${e.list.map(show).join(', ')}])`;
    case 'between':
      return `(${show(e.operand)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${show(e.low)} AND ${show(e.high)})`;
    case 'like':
      return `(${show(e.operand)} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${show(e.pattern)})`;
    case 'isNull':
      return `(${show(e.operand)} ${e.negated ? 'IS NOT NULL' : 'IS NULL'})`;
    case 'call':
      return `${e.name}(${e.star ? '*' : `${e.distinct ? 'DISTINCT ' : ''}${e.args.map(show).join(', ')}`})`;
  }
};
const where = (input: string) => show(parseExpression(input, '$where'));

describe('parseExpression: precedence', () => {
  it.each([
    ['a = 1 OR b = 2 AND c = 3', '((a = 1) OR ((b = 2) AND (c = 3)))'],
    ['(a = 1 OR b = 2) AND c = 3', '(((a = 1) OR (b = 2)) AND (c = 3))'],
    ['NOT a = 1 AND b = 2', '((NOT (a = 1)) AND (b = 2))'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ['a + b * c = d - e / f', '((a + (b * c)) = (d - (e / f)))'],
    ['a - b - c > 0', '(((a - b) - c) > 0)'],
    ['-a * 2 < -3', '(((-a) * 2) < -3)'],
    ['a = 1 OR b = 2 OR c = 3', '(((a = 1) OR (b = 2)) OR (c = 3))'],
    ['NOT x IS NULL', '(NOT (x IS NULL))'],
  ])('%s', (input, expected) => {
    expect(where(input)).toBe(expected);
  });
});

describe('parseExpression: every operator and literal', () => {
  it.each([
    ["name = 'O''Brien'", "(name = 'O'Brien')"],
    ['a != 1', '(a != 1)'],
    ['a <> 1', '(a != 1)'],
    ['a < 1.5', '(a < 1.5)'],
    ['a <= .5', '(a <= 0.5)'],
    ['a > 1e3', '(a > 1000)'],
    ['a >= 2.5E-1', '(a >= 0.25)'],
    ['a IN (1, 2, 3)', '(a IN [1, 2, 3])'],
    ["a NOT IN ('x')", "(a NOT IN ['x'])"],
    ['a BETWEEN 1 AND 2 + 3', '(a BETWEEN 1 AND (2 + 3))'],
    ['a NOT BETWEEN -1 AND 1', '(a NOT BETWEEN -1 AND 1)'],
    ["a LIKE 'x%'", "(a LIKE 'x%')"],
    ["a NOT LIKE '_y'", "(a NOT LIKE '_y')"],
    ['a IS NULL', '(a IS NULL)'],
    ['a IS NOT NULL', '(a IS NOT NULL)'],
    ['flag = TRUE OR flag = false', '((flag = true) OR (flag = false))'],
    ['count(*) > 1', '(count(*) > 1)'],
    ["starts_with(upper(name), 'A')", "starts_with(upper(name), 'A')"],
    ['`the column` = 1', '(the column = 1)'],
    ["`名称` = '北京'", "(名称 = '北京')"],
    ["名称 = '北京'", "(名称 = '北京')"],
    ['and_more = 1', '(and_more = 1)'],
    ['`and` = 1', '(and = 1)'],
    ['a\tIN\n(1)', '(a IN [1])'],
  ])('%s', (input, expected) => {
    expect(where(input)).toBe(expected);
  });

  it('keeps positions for error messages', () => {
    const e = parseExpression("a = 'x'", '$where');
    expect(e).toMatchObject({ kind: 'binary', pos: 2, left: { pos: 0 }, right: { pos: 4 } });
  });
});

describe('lists', () => {
  it('parses $select with *, aliases and backquoted aliases', () => {
    const { distinct, items } = parseSelectList('*, upper(name) AS u, count(*) AS `总数`, a + 1');
    expect(distinct).toBe(false);
    expect(items.map((i) => (i.kind === 'star' ? '*' : `${show(i.expr)}${i.alias ? ` AS ${i.alias}` : ''}`))).toEqual([
      '*',
      'upper(name) AS u',
      'count(*) AS 总数',
      '(a + 1)',
    ]);
  });

  it('parses $select=distinct (any case), and count(distinct …)', () => {
    const shown = (input: string) => {
      const list = parseSelectList(input);
      return [list.distinct, ...list.items.map((i) => (i.kind === 'star' ? '*' : show(i.expr)))];
    };
    expect(shown('distinct origin')).toEqual([true, 'origin']);
    expect(shown('DISTINCT a, date_extract_y(d)')).toEqual([true, 'a', 'date_extract_y(d)']);
    expect(shown('Distinct *')).toEqual([true, '*']);
    expect(shown('`distinct`, distinct_count')).toEqual([false, 'distinct', 'distinct_count']);
    expect(shown('count(distinct a), count(a), count(*)')).toEqual([
      false,
      'count(DISTINCT a)',
      'count(a)',
      'count(*)',
    ]);
  });

  it('refuses DISTINCT where it means nothing', () => {
    expect(appErrorOf(() => parseSelectList('distinct')).detail).toBe(
      '$select: expected columns after DISTINCT at character 1',
    );
    expect(appErrorOf(() => parseSelectList('a, distinct b')).detail).toBe(
      '$select: unexpected keyword DISTINCT at character 4',
    );
    expect(appErrorOf(() => parseSelectList('count(distinct)')).detail).toBe(
      '$select: expected a value after DISTINCT at character 7',
    );
    expect(appErrorOf(() => parseExpression('distinct = 1', '$where')).hint).toBe(
      'Backquote a column named like a keyword: `name`.',
    );
  });

  it('parses the system field :id as its own node, distinct from a backquoted column', () => {
    expect(where(':id < 10 AND `:id` = 1')).toBe('((:id < 10) AND (:id = 1))');
    expect(parseExpression(':id', '$where')).toEqual({ kind: 'system', name: 'id', pos: 0 });
    expect(parseExpression('`:id`', '$where')).toEqual({ kind: 'column', name: ':id', pos: 0 });
    expect(appErrorOf(() => parseExpression('a : 1', '$where')).detail).toBe(
      "$where: unexpected character ':' at character 3",
    );
  });

  it('parses $order with NULLS FIRST / NULLS LAST; NULLS, FIRST and LAST stay usable as column names', () => {
    const shown = (input: string) =>
      parseOrderList(input).map((o) => `${show(o.expr)} ${o.descending ? 'desc' : 'asc'} ${o.nulls}`);
    expect(shown('a NULLS FIRST, b DESC nulls last, c asc Nulls First, d')).toEqual([
      'a asc first',
      'b desc last',
      'c asc first',
      'd asc null',
    ]);
    expect(shown('first, last DESC, nulls NULLS LAST')).toEqual(['first asc null', 'last desc null', 'nulls asc last']);
    expect(appErrorOf(() => parseOrderList('a NULLS')).detail).toBe(
      '$order: expected FIRST or LAST after NULLS at the end',
    );
    expect(appErrorOf(() => parseOrderList('a NULLS FIRST DESC')).detail).toBe(
      "$order: unexpected 'DESC' at character 15",
    );
  });

  it('parses $order with directions', () => {
    expect(parseOrderList('a DESC, b, c asc').map((o) => `${show(o.expr)} ${o.descending}`)).toEqual([
      'a true',
      'b false',
      'c false',
    ]);
  });

  it('parses $group', () => {
    expect(parseGroupList('a, date_trunc_ym(d)').map(show)).toEqual(['a', 'date_trunc_ym(d)']);
  });
});

describe('errors are 400s that say where', () => {
  it.each([
    ['a = ', '$where: unexpected end of input at the end'],
    ['a = 1 b', "$where: unexpected 'b' at character 7"],
    ["a = 'open", '$where: unterminated text literal starting at character 5'],
    ['a = `x', '$where: unterminated `column name` starting at character 5'],
    ['a = 1;', "$where: unexpected character ';' at character 6"],
    ['a = "x"', "$where: unexpected character '\"' at character 5"],
    ['a = 1 -- c', '$where: comments are not allowed (character 7)'],
    ['a /* c */ = 1', '$where: comments are not allowed (character 3)'],
    ['a = b = c', "$where: unexpected '=': comparisons do not chain at character 7"],
    ['a IS 1', '$where: expected NULL after IS at character 6'],
    ['a BETWEEN 1 OR 2', '$where: expected AND in BETWEEN … AND … at character 13'],
    ['a IN 1', "$where: expected '(' after IN at character 6"],
    ['(a = 1', "$where: expected ')' to close the parenthesis at the end"],
    ['AND = 1', '$where: unexpected keyword AND at character 1'],
    ['f(1', "$where: expected ')' to close the argument list at the end"],
    ['count(*, a)', "$where: expected ')' after * at character 8"],
    ['a = 99999999999999999999', '$where: integer 99999999999999999999 is too large to be exact at character 5'],
    ['a = 1e999', '$where: number 1e999 is out of range at character 5'],
    ['a = 12abc', "$where: unexpected 'a' after a number at character 7"],
    ['a\u200b= 1', '$where: unexpected character U+200B at character 2'],
    ['a = 1\uff1b', '$where: unexpected character U+FF1B at character 6'],
    ['a = ``', '$where: empty `column name` at character 5'],
    ['', '$where: unexpected end of input at the end'],
  ])('%j', (input, detail) => {
    const error = appErrorOf(() => parseExpression(input, '$where'));
    expect(error.status).toBe(400);
    expect(error.detail).toBe(detail);
    expect(error.errors[0]?.where).toBe('$where');
  });

  it('refuses input longer than the POST limit (parseQueryParams holds a GET to its own, shorter one)', () => {
    const error = appErrorOf(() => parseExpression(`a = '${'x'.repeat(QUERY_LIMITS.maxPostInputLength)}'`, '$where'));
    expect(error.detail).toMatch(/limit is 64000/);
    expect(() => parseExpression(`a = '${'x'.repeat(QUERY_LIMITS.maxInputLength)}'`, '$where')).not.toThrow();
  });

  it('refuses deep nesting without overflowing the stack', () => {
    for (const input of [
      '('.repeat(1999) + 'a' + ')'.repeat(1999),
      'NOT '.repeat(999) + 'a',
      '- '.repeat(1999) + '1',
    ]) {
      expect(appErrorOf(() => parseExpression(input, '$where')).detail).toMatch(/nests deeper than 64/);
    }
  });

  it('refuses long operator chains, which have no recursion but a deep tree', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `a = ${i}`).join(' OR ');
    expect(appErrorOf(() => parseExpression(chain, '$where')).detail).toMatch(/more than 256 chained operations/);
    expect(() =>
      parseExpression(Array.from({ length: 100 }, (_, i) => `a = ${i}`).join(' OR '), '$where'),
    ).not.toThrow();
  });

  it('limits IN lists and select items', () => {
    const inList = `a IN (${Array.from({ length: QUERY_LIMITS.maxInListSize + 1 }, () => '1').join(',')})`;
    expect(appErrorOf(() => parseExpression(inList, '$where')).detail).toMatch(/IN list has more than 1000 values/);
    const select = Array.from({ length: QUERY_LIMITS.maxSelectItems + 1 }, () => 'a').join(',');
    expect(appErrorOf(() => parseSelectList(select)).detail).toBe('$select: has more than 100 select items');
  });

  it('names the parameter of list errors', () => {
    expect(appErrorOf(() => parseOrderList('a DESC DESC')).detail).toBe("$order: unexpected 'DESC' at character 8");
    expect(appErrorOf(() => parseSelectList('a AS')).detail).toBe('$select: expected an alias after AS at the end');
    expect(appErrorOf(() => parseGroupList('a,')).detail).toBe('$group: unexpected end of input at the end');
  });
});
