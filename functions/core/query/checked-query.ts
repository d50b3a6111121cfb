import type { ArithmeticOp, ComparisonOp, LogicalOp } from './ast.ts';
import type { DatePart, DateTruncUnit } from './dialect.ts';

/**
 * The query after the semantic check: every column resolved, every node typed, every literal coerced
 * to the type it is compared with. Dialect compilers render this and nothing else.
 */

/** Types of values inside a query. Published `year` is an integer; `yearmonth` and `geopoint` are text. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'time' | 'null';

/** Socrata's `date_extract_*` functions and the part of the date each reads. */
export const DATE_EXTRACT_PARTS = {
  date_extract_y: 'year',
  date_extract_m: 'month',
  date_extract_d: 'day',
  date_extract_hh: 'hour',
  date_extract_mm: 'minute',
  date_extract_ss: 'second',
  date_extract_dow: 'dow',
  date_extract_woy: 'week',
} as const satisfies Record<string, DatePart>;

/** Socrata's `date_trunc_*` functions and the unit each truncates to. */
export const DATE_TRUNC_UNITS = {
  date_trunc_y: 'year',
  date_trunc_ym: 'month',
  date_trunc_ymd: 'day',
} as const satisfies Record<string, DateTruncUnit>;

export type DateExtractName = keyof typeof DATE_EXTRACT_PARTS;
export type DateTruncName = keyof typeof DATE_TRUNC_UNITS;

export type FunctionName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'upper'
  | 'lower'
  | 'starts_with'
  | DateTruncName
  | DateExtractName;

export type Checked =
  /** A bound parameter; `date`, `datetime` and `time` values are cast by the compiler. */
  | { readonly kind: 'param'; readonly type: ValueType; readonly value: string | number | boolean }
  | { readonly kind: 'null'; readonly type: 'null' }
  | {
      readonly kind: 'column';
      readonly type: ValueType;
      /** The column of `data`. */
      readonly name: string;
      /**
       * The system field it stands for, as written (`:id` for the engine's row number): how errors and
       * default output names call it. Not part of its identity (`canonical` leaves it out).
       */
      readonly system?: string;
    }
  | { readonly kind: 'not'; readonly type: 'boolean'; readonly operand: Checked }
  | { readonly kind: 'negate'; readonly type: ValueType; readonly operand: Checked }
  | {
      readonly kind: 'binary';
      readonly type: ValueType;
      readonly op: ComparisonOp | ArithmeticOp | LogicalOp;
      readonly left: Checked;
      readonly right: Checked;
      /** `<` `<=` `>` `>=` of text compare in this collation (see `SortKey.collation`); never `=` or `!=`. */
      readonly collation?: string;
    }
  | {
      readonly kind: 'in';
      readonly type: 'boolean';
      readonly negated: boolean;
      readonly operand: Checked;
      readonly list: readonly Checked[];
    }
  | {
      readonly kind: 'between';
      readonly type: 'boolean';
      readonly negated: boolean;
      readonly operand: Checked;
      readonly low: Checked;
      readonly high: Checked;
      /** Of text: compares in this collation, as `<=` and `>=` do. */
      readonly collation?: string;
    }
  | {
      readonly kind: 'like';
      readonly type: 'boolean';
      readonly negated: boolean;
      readonly operand: Checked;
      readonly pattern: Checked;
    }
  | { readonly kind: 'isNull'; readonly type: 'boolean'; readonly negated: boolean; readonly operand: Checked }
  | {
      readonly kind: 'call';
      readonly type: ValueType;
      readonly fn: FunctionName;
      readonly args: readonly Checked[];
      readonly star: boolean;
      /** `count(DISTINCT x)`. */
      readonly distinct?: true;
      /** `min` / `max` of text: the smallest or largest in this collation, as `$order` sorts it. */
      readonly collation?: string;
    }
  /** Case-insensitive substring test of `$q`: the term is only ever a parameter. */
  | {
      readonly kind: 'contains';
      readonly type: 'boolean';
      readonly column: string;
      readonly term: string;
      /** The column already holds lower-cased text (the engine's search column): no `lower()` per row. */
      readonly folded?: true;
    };

/** A column of the answer. `type` is the published (Frictionless) type of a plain column, else the computed one. */
export interface OutputColumn {
  readonly name: string;
  readonly type: string;
}

export interface SortKey {
  readonly expr: Checked;
  readonly descending: boolean;
  /** NULLs before the values (`NULLS FIRST`); by default they come last, ascending or descending. */
  readonly nullsFirst?: true;
  /**
   * The ICU collation text of this `$order` key sorts in (DuckDB: `zh`, pinyin), and the keyset cursor
   * compares in; absent: code point order (Athena, non-text keys, `yearmonth` and `geopoint` columns,
   * and every tiebreak key). Collations equate some distinct strings (`é` written precomposed or not,
   * ignorable characters), so a collated key is always followed by a tiebreak in code point order.
   */
  readonly collation?: string;
}

export interface CheckedQuery {
  readonly select: readonly { readonly name: string; readonly type: string; readonly expr: Checked }[];
  /** `SELECT DISTINCT`: one row per distinct combination of the select items (which are then the tiebreak). */
  readonly distinct: boolean;
  readonly where: Checked | null;
  readonly group: readonly Checked[];
  readonly having: Checked | null;
  /**
   * The full sort: the user's `$order`, then a tiebreak (primary key, row number or group keys) so that
   * the order is total and keyset pages are stable. Empty for a single-row aggregate.
   */
  readonly keys: readonly SortKey[];
  /**
   * `keyset`: `keys` is total, the answer carries cursor columns; `offset`: no tiebreak was available;
   * `single`: an aggregate without `$group`, one row.
   */
  readonly pagination: 'keyset' | 'offset' | 'single';
  /** Identifies `keys`, so a cursor from another query is refused. */
  readonly fingerprint: string;
  /** Decoded cursor values (text as produced by `CAST(key AS VARCHAR)`), one per key. */
  readonly after: readonly (string | null)[] | null;
  readonly limit: number;
  readonly offset: number;
}

/** Whether the expression holds an aggregate call. */
export const isAggregate = (fn: FunctionName): boolean =>
  fn === 'count' || fn === 'sum' || fn === 'avg' || fn === 'min' || fn === 'max';

/** The sub-expressions of a checked expression. */
export const checkedChildren = (e: Checked): readonly Checked[] => {
  switch (e.kind) {
    case 'not':
    case 'negate':
    case 'isNull':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.operand, ...e.list];
    case 'between':
      return [e.operand, e.low, e.high];
    case 'like':
      return [e.operand, e.pattern];
    case 'call':
      return e.args;
    default:
      return [];
  }
};
