/**
 * Upper bounds on the size of the values a client's SQL computes, reasoned from DuckDB's parse tree
 * before anything runs. DuckDB's memory_limit bounds its tables, joins and aggregate states, but not
 * the strings and lists a scalar function returns: `repeat('x', 800000000)` takes 800 MB outside the
 * limit, and one such evaluation cannot be interrupted. So /v1/sql refuses SQL whose values could be
 * huge, by bounding every value as `bytes + Σ copies × source`:
 *
 * - `bytes`: what constants contribute (literals, counts × strings, paddings, separators, field names);
 * - `copies`: how many times the value may hold one cell of a dataset column (`cell:name`), one dataset
 *   row (`row:table`), or what one aggregate gathered (`agg:n`, string_agg, list…). These are bounded by
 *   the data, not by the SQL; what the SQL controls is how many times it copies them.
 *
 * A bound only ever grows through a function's own rule (function-sizes.ts), so nesting (`repeat` of a
 * `repeat`, `hex(hex(hex(…)))`), chains of derived columns (`s || s` in CTE after CTE) and folds
 * (`list_reduce(…, (a, x) -> a || a)`) multiply it and pass the limits, while one copy of a cell,
 * however transformed (`upper`, `lpad(code, 6, '0')`, `concat_ws(',', a, b, c)`), stays small.
 */

/** What a value's size is bounded by. */
export interface Size {
  /** Bytes from constants and from what functions add. */
  readonly bytes: number;
  /** Copies of each source (see the module comment); `param:n` is a lambda parameter being analysed. */
  readonly copies: ReadonlyMap<string, number>;
  /**
   * Computed for every row (it reads a column, an aggregate or a random function); else DuckDB folds it
   * into one constant before the query runs.
   */
  readonly perRow: boolean;
  /**
   * How deep lists, structs and maps nest in it: 0 for text or a fixed-size value, 1 for a list or
   * struct of those or for a blob. Printed as text, a nested value can grow up to PRINT_FACTOR.
   */
  readonly depth: number;
  /** A number, date, boolean or other fixed-size value: at most FIXED_BYTES whatever its inputs. */
  readonly fixed: boolean;
}

/** A fixed-size value (number, date, time, interval, uuid, boolean) as text: the longest is about 40 characters. */
export const FIXED_BYTES = 48;
/**
 * How much larger a list, struct, map or blob may print than its size: quotes and escapes around short
 * strings (`'` → `''''`, `, `), `\xAA` for each blob byte, seven characters for a one-byte boolean.
 */
export const PRINT_FACTOR = 8;
/** How much larger JSON text may be than its value: a control character is written `\u0001`, with quotes and a comma. */
export const JSON_FACTOR = 9;

/**
 * What one list element takes at least, as lists count it: a string's or a list entry's 16-byte header
 * in memory (a fixed-size element counts FIXED_BYTES). So a list of size L has at most L / 16 elements.
 */
export const ELEMENT_BYTES = 16;

/** The limits a query's values must stay within (docs/query.md, "POST /v1/sql"). */
export const SIZE_LIMITS = {
  /** One value's bytes from constants (`repeat('-', 10)` is 10; the largest answer is ~4.5 MB). */
  valueBytes: 1_048_576,
  /** All values DuckDB folds into constants before running, together. */
  constantBytes: 4 * 1_048_576,
  /**
   * Bytes from constants of all values computed per row, together: DuckDB computes 2,048 rows at once
   * on each thread, so 64 KiB per row is at most 128 MiB per thread.
   */
  rowBytes: 65_536,
  /** Copies of one dataset cell (or row) in one value. */
  cellCopies: 64,
  /** Copies of one dataset cell (or row) in all the values of the query. */
  cellCopiesTotal: 1024,
  /**
   * Copies of what one aggregate gathered (string_agg, list…), in one value and in all the values of the
   * query: enough to print it once, as text or JSON. What it gathered is bounded only by DuckDB's
   * memory limit, which does not count these copies.
   */
  gatheredCopies: JSON_FACTOR,
  gatheredCopiesTotal: JSON_FACTOR,
  /**
   * Bytes of constants an aggregate may gather from every row (`list(struct_pack(name := x))`): field
   * names are stored once in a list's type but printed for every element.
   */
  gatheredConstantBytes: 64,
} as const;

const NONE: ReadonlyMap<string, number> = new Map();

export const EMPTY: Size = { bytes: 0, copies: NONE, perRow: false, depth: 0, fixed: false };

/** A fixed-size value (numbers, dates, booleans…), or a value of at most `bytes`. */
export function fixedSize(bytes = FIXED_BYTES, perRow = false): Size {
  return { bytes, copies: NONE, perRow, depth: 0, fixed: bytes <= FIXED_BYTES };
}

/** A string literal. */
export function textSize(text: string): Size {
  return { ...EMPTY, bytes: utf8Bytes(text) };
}

/** One source (`cell:x`, `row:t`, `agg:3`, `param:1`), computed per row. */
export function sourceSize(symbol: string, depth = 0): Size {
  return { bytes: 0, copies: new Map([[symbol, 1]]), perRow: true, depth, fixed: false };
}

/** Bytes of a string in UTF-8. */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The value holding all of these at once (a concatenation, a list, a struct). */
export function sumSizes(sizes: readonly Size[]): Size {
  if (sizes.length === 0) return EMPTY;
  if (sizes.length === 1) return sizes[0] as Size;
  const copies = new Map<string, number>();
  let bytes = 0;
  for (const s of sizes) {
    bytes += s.bytes;
    for (const [k, v] of s.copies) copies.set(k, (copies.get(k) ?? 0) + v);
  }
  return {
    bytes,
    copies,
    perRow: sizes.some((s) => s.perRow),
    depth: Math.max(...sizes.map((s) => s.depth)),
    fixed: false,
  };
}

/** A value that is one of these (CASE, COALESCE, greatest): the largest of each part. */
export function maxSizes(sizes: readonly Size[]): Size {
  if (sizes.length === 0) return EMPTY;
  if (sizes.length === 1) return sizes[0] as Size;
  const copies = new Map<string, number>();
  for (const s of sizes) for (const [k, v] of s.copies) copies.set(k, Math.max(copies.get(k) ?? 0, v));
  return {
    bytes: Math.max(...sizes.map((s) => s.bytes)),
    copies,
    perRow: sizes.some((s) => s.perRow),
    depth: Math.max(...sizes.map((s) => s.depth)),
    fixed: sizes.every((s) => s.fixed),
  };
}

/** `factor` times the value (a repetition, an expansion such as hex). */
export function scaleSize(s: Size, factor: number): Size {
  if (factor === 1) return s;
  const copies = new Map<string, number>();
  for (const [k, v] of s.copies) copies.set(k, v * factor);
  return { ...s, bytes: s.bytes * factor, copies, fixed: s.fixed && factor <= 1 };
}

/** The value plus `bytes` of its own (padding, quotes, separators). */
export function plusBytes(s: Size, bytes: number): Size {
  return { ...s, bytes: s.bytes + bytes, fixed: s.fixed && s.bytes + bytes <= FIXED_BYTES };
}

/** The value computed per row (an aggregate's result, a random function's). */
export function perRow(s: Size): Size {
  return s.perRow ? s : { ...s, perRow: true };
}

/**
 * The value as text (a cast to VARCHAR, concat's arguments, printf's). A cell stands for its text (a
 * number's too), a fixed-size value prints in FIXED_BYTES; lists, structs, maps and blobs print larger.
 */
export function printedSize(s: Size): Size {
  if (s.fixed) return fixedSize(FIXED_BYTES, s.perRow);
  if (s.depth > 0) return { ...plusBytes(scaleSize(s, PRINT_FACTOR), 2), depth: 0, fixed: false };
  return s;
}

/** The elements of a list printed one by one and joined (array_to_string): text elements as they are. */
export function joinedSize(list: Size): Size {
  return list.depth <= 1 ? { ...list, depth: 0, fixed: false } : printedSize({ ...list, depth: list.depth - 1 });
}

/** The value with `depth` levels of nesting (a list of it: one more than it has). */
export function nestedSize(s: Size, depth = s.depth + 1): Size {
  return { ...s, depth, fixed: false };
}

/**
 * A bound on the number of elements of a list of size `list`: its size over ELEMENT_BYTES, except what
 * an aggregate gathered (a list of booleans takes a byte an element).
 */
export function elementCount(list: Size): Size {
  const copies = new Map<string, number>();
  for (const [k, v] of list.copies) copies.set(k, k.startsWith('agg:') ? v : v / ELEMENT_BYTES);
  return { bytes: list.bytes / ELEMENT_BYTES, copies, perRow: list.perRow, depth: 0, fixed: false };
}

/**
 * `each` once for every element of `list` (a separator between elements, what a lambda adds to each):
 * linear when one of them is a constant, undefined when both come from the data.
 */
export function perElementOf(list: Size, each: Size): Size | undefined {
  const n = elementCount(list);
  const row = list.perRow || each.perRow;
  if (each.copies.size === 0) return { ...scaleSize(n, each.bytes), perRow: row };
  if (n.copies.size === 0) return { ...scaleSize({ ...each, fixed: false }, Math.max(1, n.bytes)), perRow: row };
  return undefined;
}

/** Whether `a` is at most `b` in bytes and in every source (a recursive step that does not grow). */
export function sizeWithin(a: Size, b: Size): boolean {
  if (a.bytes > b.bytes) return false;
  for (const [k, v] of a.copies) if (v > (b.copies.get(k) ?? 0)) return false;
  return true;
}

/** The value without one source, and how many copies of it it held. */
export function withoutSource(s: Size, symbol: string): { rest: Size; copies: number } {
  const copies = s.copies.get(symbol) ?? 0;
  if (copies === 0) return { rest: s, copies: 0 };
  const rest = new Map(s.copies);
  rest.delete(symbol);
  return { rest: { ...s, copies: rest }, copies };
}

/** Replaces a source by a value: `copies × value` takes the place of the source's copies. */
export function substitute(s: Size, symbol: string, value: Size): Size {
  const { rest, copies } = withoutSource(s, symbol);
  return copies === 0 ? s : sumSizes([rest, scaleSize(value, copies)]);
}
