import { quoteIdent } from '../sql/quote.ts';
import {
  type Checked,
  type CheckedQuery,
  DATE_EXTRACT_PARTS,
  DATE_TRUNC_UNITS,
  type FunctionName,
  type OutputColumn,
} from './checked-query.ts';
import type { DatePart, DateTruncUnit, Dialect } from './dialect.ts';

/** A compiled query: parameterized SQL over the table `data`, and how to read its answer. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly (string | number | boolean | null)[];
  /** Set by compilers whose `$q` reads an engine-provided search column (compile-duckdb.ts). */
  readonly readsSearchColumn?: boolean;
  /** The visible columns, in order. */
  readonly columns: readonly OutputColumn[];
  /**
   * Hidden trailing columns (after `columns`) holding the sort-key text of each row; the last row's
   * values make the next cursor. Empty unless `pagination` is `keyset`.
   */
  readonly cursorColumns: readonly string[];
  readonly pagination: CheckedQuery['pagination'];
  readonly fingerprint: string;
  /** Page size asked for; the SQL fetches one row more so the caller knows whether there is a next page. */
  readonly limit: number;
  readonly offset: number;
  /**
   * The number of rows the query answers over all its pages (one row, one column `total`), whatever page
   * this one is: the answer's exact `total` when a page cannot tell it (usecases/query-dataset.ts).
   */
  readonly count: { readonly sql: string; readonly params: readonly (string | number | boolean | null)[] };
}

const TABLE = quoteIdent('data');
const SUBQUERY = quoteIdent('q');
const PAGE = quoteIdent('p');
const keyName = (i: number) => `__key_${i}`;
const cursorName = (i: number) => `__cursor_${i}`;

/**
 * Renders a checked query. Text is produced strictly left to right, and every parameter is pushed at
 * the moment its placeholder is first written, so placeholders and values cannot get out of step.
 *
 * Shape, when there is a sort:
 *   SELECT "a", "b", CAST("__key_0" AS VARCHAR) AS "__cursor_0"
 *   FROM (SELECT <a> AS "a", <b> AS "b", <sort key> AS "__key_0" FROM "data" WHERE … GROUP BY … HAVING …) AS "q"
 *   WHERE <after the cursor> ORDER BY "__key_0" ASC NULLS LAST LIMIT ? OFFSET ?
 * Naming the keys once lets the keyset condition and the ORDER BY refer to them without repeating
 * expressions (or their parameters).
 */
export const renderSql = (query: CheckedQuery, dialect: Dialect): CompiledQuery => {
  const { params, bind } = binder(dialect);
  const expr = (e: Checked): string => renderExpr(e, dialect, bind);

  const columns = query.select.map(({ name, type }) => ({ name, type }));
  const keyset = query.pagination === 'keyset';
  const cursorColumns = keyset ? query.keys.map((_, i) => cursorName(i)) : [];

  // `extra` is a thunk: the sort keys follow the select items in the text, so they are rendered after them.
  const inner = (extra: () => readonly string[]): string => selectSql(query, expr, extra());

  let sql: string;
  if (query.keys.length === 0) {
    sql = inner(() => []);
    const limit = bind(query.limit + 1);
    const offset = query.offset > 0 ? bind(query.offset) : null;
    sql += ` ${dialect.limitOffset(limit, offset)}`;
  } else {
    // The page is cut (ORDER BY … LIMIT, a top-N) before the cursor values are rendered as text, so
    // the casts run on limit + 1 rows, not on every row that passes the filter.
    const orderBy = query.keys
      .map(
        (k, i) =>
          `${collate(quoteIdent(keyName(i)), k.collation, dialect)} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`,
      )
      .join(', ');
    const outerItems = columns
      .map((c) => quoteIdent(c.name))
      .concat(cursorColumns.map((c, i) => `CAST(${quoteIdent(keyName(i))} AS VARCHAR) AS ${quoteIdent(c)}`));
    const innerSql = inner(() => query.keys.map((k, i) => `${expr(k.expr)} AS ${quoteIdent(keyName(i))}`));
    let page = `SELECT * FROM (${innerSql}) AS ${SUBQUERY}`;
    if (query.after) page += ` WHERE ${afterCursor(query, dialect, bind)}`;
    const scanOrdered = inScanOrder(query, dialect);
    if (!scanOrdered) page += ` ORDER BY ${orderBy}`;
    const limit = bind(query.limit + 1);
    const offset = query.offset > 0 ? bind(query.offset) : null;
    page += ` ${dialect.limitOffset(limit, offset)}`;
    sql = `SELECT ${outerItems.join(', ')} FROM (${page}) AS ${PAGE}${scanOrdered ? '' : ` ORDER BY ${orderBy}`}`;
  }

  return {
    sql,
    params,
    columns,
    cursorColumns,
    pagination: query.pagination,
    fingerprint: query.fingerprint,
    limit: query.limit,
    offset: query.offset,
    count: renderCount(query, dialect),
  };
};

/** `SELECT [DISTINCT] <items> FROM "data" WHERE … GROUP BY … HAVING …`: the rows of the answer, unsorted. */
const selectSql = (query: CheckedQuery, expr: (e: Checked) => string, extra: readonly string[]): string => {
  const items = query.select.map((s) => `${expr(s.expr)} AS ${quoteIdent(s.name)}`);
  items.push(...extra);
  let sql = `SELECT ${query.distinct ? 'DISTINCT ' : ''}${items.join(', ')} FROM ${TABLE}`;
  if (query.where) sql += ` WHERE ${expr(query.where)}`;
  if (query.group.length) sql += ` GROUP BY ${query.group.map(expr).join(', ')}`;
  if (query.having) sql += ` HAVING ${expr(query.having)}`;
  return sql;
};

/**
 * The count of the rows the query answers, with parameters of its own: a plain filter counts the rows
 * of `data` it keeps (no column is computed); DISTINCT, a grouping or an aggregate counts the rows of
 * the answer itself.
 */
const renderCount = (query: CheckedQuery, dialect: Dialect): CompiledQuery['count'] => {
  const { params, bind } = binder(dialect);
  const expr = (e: Checked): string => renderExpr(e, dialect, bind);
  const plain = !query.distinct && query.group.length === 0 && !query.having && query.pagination !== 'single';
  const sql = plain
    ? `SELECT count(*) AS total FROM ${TABLE}${query.where ? ` WHERE ${expr(query.where)}` : ''}`
    : `SELECT count(*) AS total FROM (${selectSql(query, expr, [])}) AS ${SUBQUERY}`;
  return { sql, params };
};

/**
 * Binds values as literals (Athena) or numbered parameters, each distinct value once (see renderSql).
 */
const binder = (dialect: Dialect): { params: (string | number | boolean | null)[]; bind: Bind } => {
  const params: (string | number | boolean | null)[] = [];
  // A value is written as a literal (Athena) or bound to a numbered parameter. Each distinct value is
  // bound once and its placeholder reused, so an expression written twice (a `$select` item that is
  // also the `$group`, the sort key or inside `$having`) is the same text and the engine sees one
  // expression: `x + $1 … GROUP BY x + $1` (with `?`, two copies are two parameters, and DuckDB refuses
  // such a GROUP BY). Values are shared only with the same JS type and the same cast (see `bind`), so
  // sharing one between places changes no comparison.
  const numbered = new Map<string, string>();
  const bind: Bind = (value, as) => {
    if (dialect.literal) return dialect.literal(value);
    // `as` is the SQL type the placeholder is cast to: `1` as BIGINT and `1.0` as DOUBLE are two values.
    const key = `${as ?? typeof value}:${String(value)}`;
    let placeholder = numbered.get(key);
    if (placeholder === undefined) {
      params.push(value);
      placeholder = `$${params.length}`;
      numbered.set(key, placeholder);
    }
    return placeholder;
  };
  return { params, bind };
};

/** The only sort is the engine's scan order (no `$order`, no key, no grouping or DISTINCT): no sort needed. */
const inScanOrder = (query: CheckedQuery, dialect: Dialect): boolean => {
  const only = query.keys.length === 1 ? query.keys[0] : undefined;
  return (
    dialect.scanOrderColumn !== undefined &&
    query.group.length === 0 &&
    !query.distinct &&
    only !== undefined &&
    !only.descending &&
    only.expr.kind === 'column' &&
    only.expr.name === dialect.scanOrderColumn
  );
};

/**
 * `sql COLLATE c` when `collation` is set. `sql` is an identifier or what `renderExpr` writes, which is
 * always atomic (a name, a placeholder, a call, a CAST) or parenthesized, so COLLATE binds to all of it.
 * A collation the dialect does not have is a bug in the caller, never SQL an engine would refuse.
 */
const collate = (sql: string, collation: string | undefined, dialect: Dialect): string => {
  if (collation === undefined) return sql;
  if (collation !== dialect.textCollation) throw new Error(`the ${dialect.name} dialect has no collation ${collation}`);
  return `${sql} COLLATE ${collation}`;
};

/** Parameters only (never NULL): what `Dialect.inValues` may render. */
const valuesOnly = (list: readonly Checked[]): boolean => list.every((item) => item.kind === 'param');

/**
 * Rows strictly after the cursor in the order `keys ASC|DESC NULLS LAST|FIRST`:
 * k1 after v1 OR (k1 same as v1 AND (k2 after v2 OR (… kn after vn))).
 * With NULLS LAST, "after v" is `k > v OR k IS NULL` (or `<` when descending) and nothing is after NULL.
 * With NULLS FIRST, "after v" is `k > v` (the NULLs came before) and every value is after NULL.
 * A collated key compares (`>`, `<` and "same as") in its collation, as the ORDER BY sorts it.
 */
const afterCursor = (query: CheckedQuery, dialect: Dialect, bind: Bind): string => {
  const after = query.after!;
  const build = (i: number): string => {
    const key = query.keys[i]!;
    const column = quoteIdent(keyName(i));
    const compared = collate(column, key.collation, dialect);
    const value = after[i] ?? null;
    const castValue = () => `CAST(${bind(value as string)} AS ${dialect.castType(key.expr.type)})`;
    const last = i === query.keys.length - 1;
    if (value === null) {
      // A thunk: the next key's parameters are bound only if its text is written.
      const sameThenAfter = () => `(${column} IS NULL AND ${build(i + 1)})`;
      if (!key.nullsFirst) return last ? 'FALSE' : sameThenAfter();
      return last ? `(${column} IS NOT NULL)` : `(${column} IS NOT NULL OR ${sameThenAfter()})`;
    }
    const beyond = `${compared} ${key.descending ? '<' : '>'} ${castValue()}`;
    const greater = key.nullsFirst ? `(${beyond})` : `(${beyond} OR ${column} IS NULL)`;
    if (last) return greater;
    return `(${greater} OR (${compared} = ${castValue()} AND ${build(i + 1)}))`;
  };
  return build(0);
};

/** Pushes a value (or reuses its placeholder) and returns the placeholder; `as` is the type it is cast to. */
type Bind = (value: string | number | boolean, as?: string) => string;

/**
 * SQL types of number literals, the same names in DuckDB and Trino. A number is bound with the type
 * the checker gave it, never the one a driver infers from the JS value: `1.0 === 1` in JS, and DuckDB's
 * driver binds an integer-valued number below 2^31 as INTEGER, so `2147483647 + 1` would overflow 32
 * bits and `x * 1.0` would stay integer arithmetic.
 */
const NUMBER_LITERAL_TYPES = { integer: 'BIGINT', number: 'DOUBLE' } as const;

const renderExpr = (e: Checked, dialect: Dialect, bind: Bind): string => {
  const r = (x: Checked) => renderExpr(x, dialect, bind);
  switch (e.kind) {
    case 'param': {
      if (e.type === 'date' || e.type === 'datetime' || e.type === 'time') {
        return `CAST(${bind(e.value)} AS ${dialect.castType(e.type)})`;
      }
      if (typeof e.value !== 'number') return bind(e.value);
      const as = NUMBER_LITERAL_TYPES[e.type === 'integer' ? 'integer' : 'number'];
      // Beyond ±2^53 (`1e19`, a double) a driver binds an integer-valued number as BIGINT, which
      // overflows: send its text, which the cast reads as the double it is.
      const value = Number.isSafeInteger(e.value) || !Number.isInteger(e.value) ? e.value : String(e.value);
      return `CAST(${bind(value, as)} AS ${as})`;
    }
    case 'null':
      return 'NULL';
    case 'column':
      return quoteIdent(e.name);
    case 'not':
      return `(NOT ${r(e.operand)})`;
    case 'negate':
      return `(- ${r(e.operand)})`;
    case 'binary': {
      const left = r(e.left);
      const right = r(e.right);
      if (e.op === '/') return dialect.divide(left, right);
      return `(${collate(left, e.collation, dialect)} ${e.op} ${right})`;
    }
    case 'in': {
      const operand = r(e.operand);
      const items = e.list.map(r);
      if (dialect.inValues && valuesOnly(e.list)) {
        const test = dialect.inValues(operand, items);
        return e.negated ? `(NOT ${test})` : `(${test})`;
      }
      return `(${operand} ${e.negated ? 'NOT IN' : 'IN'} (${items.join(', ')}))`;
    }
    case 'between': {
      const operand = collate(r(e.operand), e.collation, dialect);
      const low = r(e.low);
      return `(${operand} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${r(e.high)})`;
    }
    case 'like': {
      const operand = r(e.operand);
      return `(${operand} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${r(e.pattern)})`;
    }
    case 'isNull':
      return `(${r(e.operand)} ${e.negated ? 'IS NOT NULL' : 'IS NULL'})`;
    case 'contains':
      return dialect.contains(
        e.folded ? quoteIdent(e.column) : `lower(${quoteIdent(e.column)})`,
        `lower(${bind(e.term)})`,
      );
    case 'call':
      return renderCall(e, dialect, r);
  }
};

const renderCall = (e: Extract<Checked, { kind: 'call' }>, dialect: Dialect, r: (x: Checked) => string): string => {
  if (e.star) return 'count(*)';
  const args = e.args.map(r);
  const type = e.args[0]?.type ?? 'null';
  const part = (DATE_EXTRACT_PARTS as Partial<Record<FunctionName, DatePart>>)[e.fn];
  if (part) return dialect.dateExtract(part, args[0]!, type);
  const unit = (DATE_TRUNC_UNITS as Partial<Record<FunctionName, DateTruncUnit>>)[e.fn];
  if (unit) return dialect.dateTrunc(unit, args[0]!, e.type);
  switch (e.fn) {
    case 'count':
      return e.distinct ? `count(DISTINCT ${args[0]})` : `count(${args[0]})`;
    case 'min':
    case 'max': {
      const arg = args[0] ?? 'NULL';
      if (e.collation === undefined) return `${e.fn}(${arg})`;
      if (e.collation !== dialect.textCollation || !dialect.collatedExtreme) {
        throw new Error(`the ${dialect.name} dialect has no ${e.fn}() in collation ${e.collation}`);
      }
      return dialect.collatedExtreme(e.fn, arg);
    }
    default:
      // The remaining names are the same SQL function in both engines.
      return `${e.fn}(${args.join(', ')})`;
  }
};
