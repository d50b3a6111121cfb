import { expectChineseProblem, type ProblemLike } from './chinese-text.ts';

/**
 * What a query or SQL problem's Chinese keeps of its English, besides quoted values and numbers:
 * backquoted column names, single-quoted values and characters, `$` parameters, functions (`sum()`),
 * and keywords and type codes written in capitals (DISTINCT, NULL, VARCHAR, YYYY-MM-DD).
 */
export const QUERY_NAMES = /`[^`]+`|(?<!\p{L})'[^']*'(?!\p{L})|\$\$?\w+|\b\w+\(\)|\b[A-Z]{2,}\b/u;

/** The statuses of a refused query: invalid (400), too slow (408), too large (422). */
export const QUERY_REFUSALS: readonly number[] = [400, 408, 422];

/**
 * A refusal of the Query API or of POST /v1/sql says it in Chinese too (`zh.detail`, `zh.hint`,
 * `errors[].zh`), naming the same columns, values, positions, parameters and keywords as the English.
 */
export function expectChineseQueryProblem(p: ProblemLike): void {
  expectChineseProblem(p, { also: QUERY_NAMES });
}

/** The same for one refusal of the SQL checks (core/sql/inspect-select.ts), before it becomes a problem. */
export function expectChineseViolation(v: {
  readonly where: string;
  readonly message: string;
  readonly hint?: string;
  readonly zh?: { readonly message: string; readonly hint?: string };
}): void {
  expectChineseQueryProblem({
    detail: v.message,
    ...(v.hint ? { hint: v.hint } : {}),
    ...(v.zh ? { zh: { detail: v.zh.message, ...(v.zh.hint ? { hint: v.zh.hint } : {}) } } : {}),
  });
}
