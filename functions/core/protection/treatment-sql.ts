import type { FieldSpec } from '../manifest/schema.ts';
import type { Treatment } from '../manifest/treatment.ts';
import type { FieldType } from '../manifest/vocabulary.ts';
import { doubleLiteral, intLiteral, paramRef, quoteIdent, quoteLiteral } from '../sql/quote.ts';
import { duckType } from '../validation/cast-sql.ts';
import { derivedKeySql, type HmacPadsSql, hmacPads, hmacSha256HexFromPadsSql, hmacSha256HexSql } from './hmac-sql.ts';
import { DATE_SHIFT_PURPOSE } from './treatments/date-shift.ts';
import { closedBuckets, NUMERIC_TEXT_PATTERN, widthScale } from './treatments/generalize-number.ts';
import { deriveKey } from './treatments/hmac.ts';
import { ASCII_LOWER, ASCII_UPPER } from './treatments/pseudonymize.ts';
import { GEOPOINT_PATTERN } from './treatments/round-coordinates.ts';

/**
 * The treatments of treatments/*.ts as DuckDB SQL expressions, so a release is de-identified inside
 * the engine, streaming, without rows passing through JS. Each expression gives the same values as
 * applyTreatment (held equal by test/integration/protection-sql.test.ts).
 *
 * Inputs: the column expression may be the source text (VARCHAR) or the value cast to the field's
 * DuckDB type; text treatments (mask, pseudonymize, truncate-code) work on CAST(… AS VARCHAR), so
 * give them the source text when it matters how numbers are written. The HMAC key is a BLOB
 * prepared-statement parameter (`$<keyParamName>`), bound by the adapter; values are never spliced.
 */

/** Treatments that read the source text rather than the typed value (so numbers keep their spelling). */
export const TEXT_TREATMENTS: ReadonlySet<string> = new Set(['mask', 'pseudonymize', 'truncate-code']);

export interface TreatmentSqlOptions {
  /** SQL for another source column (date-shift's key field); quoteIdent(name) by default. */
  readonly columnExpr?: (name: string) => string;
  /**
   * Use HMAC key blocks computed once in JS (`keyParams`) instead of deriving them from the key for
   * every row: the SQL then references `$<key>_ipad`, `$<key>_opad` (pseudonymize) and
   * `$<key>_ds_ipad`, `$<key>_ds_opad` (date-shift's derived key) instead of `$<key>`.
   */
  readonly precomputedPads?: boolean;
}

/**
 * The parameters a statement built with `precomputedPads` needs, by name (without `$`): only those the
 * SQL text references (DuckDB refuses unused parameters). Values are BLOB bytes; bind them as such.
 */
export function keyParams(sql: string, keyParamName: string, key: Uint8Array): Record<string, Uint8Array> {
  const all: Record<string, () => Uint8Array> = {
    [keyParamName]: () => key,
    [`${keyParamName}_ipad`]: () => hmacPads(key).inner,
    [`${keyParamName}_opad`]: () => hmacPads(key).outer,
    [`${keyParamName}_ds_ipad`]: () => hmacPads(deriveKey(key, DATE_SHIFT_PURPOSE)).inner,
    [`${keyParamName}_ds_opad`]: () => hmacPads(deriveKey(key, DATE_SHIFT_PURPOSE)).outer,
  };
  const out: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(all)) {
    if (new RegExp(`\\${paramRef(name)}(?![A-Za-z0-9_])`).test(sql)) out[name] = value();
  }
  return out;
}

/**
 * The SQL expression publishing `field` from `columnSqlExpr`; null when the column is not published
 * (graded internal or core, or dropped). A field without a treatment is published as is.
 */
export function treatmentSql(
  field: Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>,
  columnSqlExpr: string,
  keyParamName: string,
  options: TreatmentSqlOptions = {},
): string | null {
  if (field.grade === 'internal' || field.grade === 'core') return null;
  const t = field.treatment;
  if (!t) return columnSqlExpr;
  if (t.kind === 'drop') return null;
  const key = paramRef(keyParamName);
  const column = options.columnExpr ?? quoteIdent;
  const hmac: Hmacs = options.precomputedPads
    ? {
        main: (m) => hmacSha256HexFromPadsSql(padRefs(keyParamName), m),
        dateShift: (m) => hmacSha256HexFromPadsSql(padRefs(`${keyParamName}_ds`), m),
      }
    : {
        main: (m) => hmacSha256HexSql(key, m),
        dateShift: (m) => hmacSha256HexSql(derivedKeySql(key, DATE_SHIFT_PURPOSE), m),
      };
  return kindSql(t, field.type, columnSqlExpr, hmac, column);
}

/** HMAC-SHA256 hex of a BLOB message expression, with the main key and with date-shift's derived key. */
interface Hmacs {
  main(messageBlobSql: string): string;
  dateShift(messageBlobSql: string): string;
}

function padRefs(prefix: string): HmacPadsSql {
  return { inner: paramRef(`${prefix}_ipad`), outer: paramRef(`${prefix}_opad`) };
}

/** A SELECT list publishing the given fields in order, each aliased to its name (dropped ones left out). */
export function publishedSelectListSql(
  fields: readonly Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>[],
  keyParamName: string,
  options: TreatmentSqlOptions = {},
): string {
  const column = options.columnExpr ?? quoteIdent;
  const items = fields.flatMap((f) => {
    const expr = treatmentSql(f, column(f.name), keyParamName, options);
    return expr === null ? [] : [`${expr} AS ${quoteIdent(f.name)}`];
  });
  if (items.length === 0) throw new Error('no field is published: every field is dropped, internal or core');
  return items.join(', ');
}

/** Binds `expr` once to `name` inside `body` (DuckDB has no LET; a one-element list lambda does it). */
function bind(expr: string, name: string, body: string): string {
  return `list_transform([${expr}], lambda ${name}: ${body})[1]`;
}

/** Writes the integer expression n / 10^decimals exactly, like generalize-number.ts formatScaled. */
function formatScaledSql(n: string, decimals: number): string {
  if (decimals === 0) return `CAST(${n} AS VARCHAR)`;
  const p = intLiteral(10 ** decimals);
  return `(CASE WHEN ${n} < 0 THEN '-' ELSE '' END || CAST(abs(${n}) // ${p} AS VARCHAR) || '.' || lpad(CAST(abs(${n}) % ${p} AS VARCHAR), ${decimals}, '0'))`;
}

/** The number in a cell (numberOf): numeric text or a numeric column, else NULL. */
function numberSql(text: string): string {
  return `(CASE WHEN regexp_full_match(${text}, ${quoteLiteral(NUMERIC_TEXT_PATTERN)}) THEN CAST(trim(${text}, ' \t') AS DOUBLE) END)`;
}

function kindSql(
  t: Exclude<Treatment, { kind: 'drop' }>,
  fieldType: FieldType,
  x: string,
  hmac: Hmacs,
  column: (name: string) => string,
): string {
  const text = `CAST(${x} AS VARCHAR)`;
  switch (t.kind) {
    case 'redact':
      return `CAST(NULL AS ${duckType(fieldType)})`;
    case 'mask': {
      if (t.char.includes('\u0000')) throw new Error('mask character cannot be NUL');
      // No CASE and no list-lambda binding: NULL propagates by itself, greatest(…, 0) makes '' give '',
      // and outside a CASE DuckDB computes the repeated length() once (common subexpressions).
      const n = `length(${text})`;
      // At most two thirds kept (maskKeeps in treatments/mask.ts): length - max(1, ceil(length / 3)).
      const kept = `greatest(${n} - greatest((${n} + 2) // 3, 1), 0)`;
      const first = t.keepFirst === 0 ? '0' : `least(${intLiteral(t.keepFirst)}, ${kept})`;
      const last = t.keepLast === 0 ? '0' : `least(${intLiteral(t.keepLast)}, ${kept} - ${first})`;
      const head = t.keepFirst === 0 ? '' : `left(${text}, ${first}) || `;
      const tail = t.keepLast === 0 ? '' : ` || right(${text}, ${last})`;
      return `(${head}repeat(${quoteLiteral(t.char)}, ${n} - ${first} - ${last})${tail})`;
    }
    case 'pseudonymize': {
      // pseudonymInput (treatments/pseudonymize.ts): translate maps a-z only, as the JS does.
      const input = t.caseInsensitive
        ? `translate(${text}, ${quoteLiteral(ASCII_LOWER)}, ${quoteLiteral(ASCII_UPPER)})`
        : text;
      return `(CASE WHEN ${text} IS NULL THEN NULL WHEN ${text} = '' THEN '' ELSE left(${hmac.main(`encode(${input})`)}, ${intLiteral(t.length)}) END)`;
    }
    case 'generalize-number': {
      const { units, decimals } = widthScale(t.width);
      const upper = closedBuckets(fieldType, t.width) ? units - 1 : units;
      const lo = `(CAST(__pd_k AS HUGEINT) * ${intLiteral(units)})`;
      const hi = `(${lo} + ${intLiteral(upper)})`;
      return bind(
        `floor(${numberSql(text)} / ${doubleLiteral(t.width)})`,
        '__pd_k',
        `CASE WHEN __pd_k IS NULL OR abs(__pd_k) > 9007199254740991 THEN NULL ELSE ${formatScaledSql(lo, decimals)} || '-' || ${formatScaledSql(hi, decimals)} END`,
      );
    }
    case 'generalize-date': {
      if (t.to === 'month')
        return `(CASE WHEN regexp_matches(${text}, '^[0-9]{4}-[0-9]{2}') THEN left(${text}, 7) END)`;
      const fromText = `CASE WHEN regexp_matches(${text}, '^[0-9]{4}') THEN CAST(left(${text}, 4) AS INTEGER) END`;
      // A typed date of years 1–9999 is written YYYY-…: its year() is what the text rule reads, without
      // formatting the value (other values, e.g. BC dates, take the text rule).
      const bounds =
        fieldType === 'date'
          ? `DATE '0001-01-01' AND DATE '9999-12-31'`
          : fieldType === 'datetime'
            ? `TIMESTAMP '0001-01-01 00:00:00' AND TIMESTAMP '9999-12-31 23:59:59.999999'`
            : null;
      return bounds
        ? `(CASE WHEN ${x} BETWEEN ${bounds} THEN CAST(year(${x}) AS INTEGER) ELSE ${fromText} END)`
        : `(${fromText})`;
    }
    case 'round-coordinates': {
      if (fieldType !== 'geopoint') {
        return `(round(${numberSql(text)}, ${intLiteral(t.decimals)}) + CAST(0 AS DOUBLE))`;
      }
      const part = (group: number) => {
        const rounded = `round(CAST(regexp_extract(__pd_s, ${quoteLiteral(GEOPOINT_PATTERN)}, ${group}) AS DOUBLE), ${intLiteral(t.decimals)})`;
        return formatScaledSql(`CAST(round(${rounded} * ${intLiteral(10 ** t.decimals)}) AS HUGEINT)`, t.decimals);
      };
      return bind(
        text,
        '__pd_s',
        `CASE WHEN regexp_full_match(__pd_s, ${quoteLiteral(GEOPOINT_PATTERN)}) THEN ${part(1)} || ',' || ${part(2)} END`,
      );
    }
    case 'truncate-code':
      return bind(
        text,
        '__pd_s',
        `CASE WHEN __pd_s IS NULL THEN NULL WHEN length(__pd_s) <= ${intLiteral(t.keep)} THEN __pd_s ELSE left(__pd_s, ${intLiteral(t.keep)})${
          t.pad ? ` || repeat('0', length(__pd_s) - ${intLiteral(t.keep)})` : ''
        } END`,
      );
    case 'date-shift': {
      if (fieldType !== 'date' && fieldType !== 'datetime') {
        throw new Error(`date-shift applies to date and datetime fields, not ${fieldType}`);
      }
      const m = intLiteral(t.maxDays);
      const keyText = `CAST(${column(t.keyField)} AS VARCHAR)`;
      const hash = hmac.dateShift(`encode(${keyText})`);
      const n = `CAST(CAST('0x' || left(${hash}, 8) AS UBIGINT) % ${intLiteral(2 * t.maxDays)} AS BIGINT)`;
      const shift = bind(n, '__pd_n', `CASE WHEN __pd_n < ${m} THEN __pd_n - ${m} ELSE __pd_n - ${m} + 1 END`);
      const shifted =
        fieldType === 'date'
          ? `TRY_CAST(${x} AS DATE) + CAST(${shift} AS INTEGER)`
          : `TRY_CAST(${x} AS TIMESTAMP) + to_days(CAST(${shift} AS INTEGER))`;
      return `(CASE WHEN ${keyText} IS NULL OR ${keyText} = '' THEN NULL ELSE ${shifted} END)`;
    }
  }
}
