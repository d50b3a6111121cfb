import { z } from 'zod';
import type { Checked, SortKey, ValueType } from './checked-query.ts';
import { coerceText, isNumericText } from './coerce-literal.ts';
import type { Dialect } from './dialect.ts';
import { queryError } from './query-error.ts';

/**
 * Keyset cursors: base64url of `{v: 1, f: fingerprint, k: [last row's sort-key values]}`. Values are the
 * text of `CAST(key AS VARCHAR)`, so the cursor does not depend on how an engine maps types to JS.
 * Opaque to clients; a cursor from a different sort (different fingerprint) is refused.
 */

const MAX_CURSOR_LENGTH = 8_000;
/**
 * What each engine's cast reads back. The widest integer key: a DuckDB sum of BIGINT is a HUGEINT,
 * Trino's stays BIGINT. The non-finite doubles: DuckDB reads `inf` too, Trino only `Infinity` and `NaN`.
 */
const ENGINE_TEXT: Readonly<Record<Dialect['name'], { integerBits: bigint; nonFinite: RegExp }>> = {
  duckdb: { integerBits: 128n, nonFinite: /^[-+]?(inf|infinity|nan)$/i },
  athena: { integerBits: 64n, nonFinite: /^[-+]?(Infinity|NaN)$/ },
};
/** Sort keys a cursor holds at most: a query with more has no cursor to page with (see check-query.ts). */
export const MAX_CURSOR_KEYS = 64;

const CursorPayload = z.strictObject({
  v: z.literal(1),
  f: z.string().max(16),
  k: z.array(z.string().max(2_000).nullable()).max(MAX_CURSOR_KEYS),
});

export const encodeCursor = (fingerprint: string, values: readonly (string | null)[]): string =>
  Buffer.from(JSON.stringify({ v: 1, f: fingerprint, k: values }), 'utf8').toString('base64url');

/** Decodes a cursor for the given sort and engine, or throws a 400 on `cursor`. */
export const decodeCursor = (
  cursor: string,
  fingerprint: string,
  keys: readonly SortKey[],
  engine: Dialect['name'],
): (string | null)[] => {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let payload: z.output<typeof CursorPayload>;
  try {
    payload = CursorPayload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
  if (payload.f !== fingerprint || payload.k.length !== keys.length) {
    throw cursorError(
      'belongs to another query (its $where, $q, filters, $having, $order or $group differ)',
      '属于另一个查询（它的 $where、$q、筛选条件、$having、$order 或 $group 不同）',
    );
  }
  payload.k.forEach((value, i) => {
    if (value !== null && !validKeyText(value, keys[i]!.expr.type, engine)) {
      throw cursorError('holds a value that does not fit the sort', '含有与排序不相符的值');
    }
  });
  return payload.k;
};

/** A 400 on `cursor`, whose fix is always to follow the `next` link as is or start again. */
const cursorError = (message: string, zh: string) =>
  queryError(
    'cursor',
    {
      message,
      hint: 'Use the `next` link of the previous page as is, or drop `cursor` to start from the first page.',
    },
    { message: zh, hint: '请原样使用上一页的 `next` 链接，或去掉 `cursor` 从第一页开始。' },
  );

const invalidCursor = () => cursorError('is not a valid cursor', '不是有效的游标');

/**
 * Whether a cursor value is text the key's engine cast could have printed, and that casting it back
 * (render-sql.ts `afterCursor`) cannot fail: a forged value is a 400 here, never an engine error.
 */
const validKeyText = (text: string, type: ValueType, engine: Dialect['name']): boolean => {
  if (text.includes('\0') || !text.isWellFormed()) return false;
  const { integerBits, nonFinite } = ENGINE_TEXT[engine];
  // A finite number, or an infinity or NaN as a double key may hold; `1e400` is no double.
  if (type === 'number') return isNumericText(text) && (nonFinite.test(text) || Number.isFinite(Number(text)));
  // The widest integer a key can be in the engine, which casts it back as that type.
  if (type === 'integer') {
    if (!/^-?\d{1,39}$/.test(text)) return false;
    const limit = 2n ** (integerBits - 1n);
    return BigInt(text) >= -limit && BigInt(text) < limit;
  }
  // As both engines print a BOOLEAN: `coerceText` would trim ` true`, which Trino's cast does not.
  if (type === 'boolean') return text === 'true' || text === 'false';
  // As DuckDB prints a TIMESTAMP, and a real date and time of day (`2024-13-45 25:00:00` is neither).
  if (type === 'datetime')
    return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(text) && coerceText(text, type).ok;
  return coerceText(text, type).ok;
};

/**
 * A short stable hash (FNV-1a, 32 bits) of the sort and of the query's filters (`where`, `having`),
 * so the core needs no crypto.
 */
export const fingerprintOf = (keys: readonly SortKey[], filters: readonly (Checked | null)[] = []): string => {
  // NULLS FIRST and a collation are marked only where given, so a key without them keeps the fingerprint
  // (and cursors) it had; a cursor of a text key from before keys were collated is refused, not misread.
  const sort = keys.map((k) => [
    canonical(k.expr),
    k.descending,
    ...(k.nullsFirst ? ['nulls first'] : []),
    ...(k.collation ? [`collate ${k.collation}`] : []),
  ]);
  const present = filters.filter((f): f is Checked => f !== null);
  // Unfiltered queries hash the sort alone, as before filters were part of it.
  const text = JSON.stringify(present.length ? [sort, filters.map((f) => (f ? canonical(f) : null))] : sort);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
};

/**
 * Canonical text of a checked expression: equal text ⇔ same expression (used for $group matching too).
 * A column's `system` label is left out: `:id` is the row-number column the tiebreak already names.
 */
export const canonical = (e: Checked): string =>
  JSON.stringify(e, (key, value) => (key === 'system' ? undefined : value));
