/**
 * Guardrails of the query language. Anything above these is a 400 with a hint, never a silent cap:
 * the parser is recursive, so depth and size limits are what keep a hostile input from costing more
 * than a few milliseconds.
 */
export const QUERY_LIMITS = {
  /** Characters in one parameter ($where, $select, …) of a GET: URLs stay within CDN limits. */
  maxInputLength: 4_000,
  /**
   * The same in a POST body, the way to send long queries (`id IN (…)` of a thousand ids): the lexer
   * and parser are linear and depth-limited, so the cost stays a few milliseconds.
   */
  maxPostInputLength: 64_000,
  /** Nesting of parentheses, NOT, unary minus, function calls and operator chains. */
  maxDepth: 64,
  /** Depth of the finished tree, which also counts flat chains like `a = 1 OR a = 2 OR …`. */
  maxTreeDepth: 256,
  /** Values in one IN (…) list. */
  maxInListSize: 1_000,
  /** Items in $select (a `*` counts as one). */
  maxSelectItems: 100,
  /** Items in $order and in $group. */
  maxOrderItems: 16,
  maxGroupItems: 16,
  /** Whitespace-separated terms in $q. */
  maxSearchTerms: 16,
  /** Characters in one identifier or alias. */
  maxIdentifierLength: 128,
  /** Rows per page. */
  defaultLimit: 100,
  maxLimit: 50_000,
  /** Deepest $offset accepted: past it, keyset pagination (`cursor`) is the way. */
  maxOffset: 1_000_000,
} as const;
