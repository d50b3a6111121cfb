import type { Expr, OrderItem, SelectItem } from './ast.ts';

/** A parsed Query API request: syntax only, not yet checked against the dataset's columns. */
export interface QueryRequest {
  /** `$select`; null means every published column. */
  readonly select: readonly SelectItem[] | null;
  /** `$select=distinct …`: one row per distinct combination of the select items. */
  readonly distinct?: boolean;
  readonly where: Expr | null;
  readonly order: readonly OrderItem[];
  readonly group: readonly Expr[];
  readonly having: Expr | null;
  /** Simple `?column=value` equality filters, ANDed with `$where`. */
  readonly filters: readonly { readonly column: string; readonly value: string }[];
  /** `$q` terms: each must appear (case-insensitively) in some text column. */
  readonly search: readonly string[];
  readonly limit: number;
  readonly offset: number;
  /** Opaque keyset cursor from a previous page's `next` link. */
  readonly cursor: string | null;
  /** The version's primary key (the keyset tiebreak). */
  readonly primaryKey: readonly string[];
  /**
   * `$$total=false`: the answer's `total` may be null rather than counted (a filtered query's first page
   * then costs no `count(*)`); absent or `$$total=true`: counted. Like CKAN's `include_total`.
   */
  readonly total?: boolean;
}
