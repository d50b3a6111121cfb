import type { FieldSpec } from '../manifest/schema.ts';
import type { Treatment } from '../manifest/treatment.ts';
import type { FieldType } from '../manifest/vocabulary.ts';
import { derivedKeySql, hmacSha256HexSql } from './hmac-sql.ts';
import { doubleLiteral, intLiteral, paramRef, quoteIdent, quoteLiteral } from './sql-quote.ts';
import { DATE_SHIFT_PURPOSE } from './treatments/date-shift.ts';
import { closedBuckets, NUMERIC_TEXT_PATTERN, widthScale } from './treatments/generalize-number.ts';
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

/** DuckDB type of each Frictionless field type (what redact's NULL is typed as). */
const DUCKDB_TYPES: Record<FieldType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
  year: 'INTEGER',
  yearmonth: 'VARCHAR',
  geopoint: 'VARCHAR',
};

export interface TreatmentSqlOptions {
  /** SQL for another source column (date-shift's key field); quoteIdent(name) by default. */
  readonly columnExpr?: (name: string) => string;
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
  return kindSql(t, field.type, columnSqlExpr, key, column);
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
  key: string,
  column: (name: string) => string,
): string {
  const text = `CAST(${x} AS VARCHAR)`;
  switch (t.kind) {
    case 'redact':
      return `CAST(NULL AS ${DUCKDB_TYPES[fieldType]})`;
    case 'mask': {
      if (t.char.includes('\u0000')) throw new Error('mask character cannot be NUL');
      return bind(
        text,
        '__pd_s',
        `CASE WHEN __pd_s IS NULL THEN NULL WHEN length(__pd_s) = 0 THEN '' ELSE ${bind(
          `greatest(0, least(${intLiteral(t.keepFirst)}, length(__pd_s) - 1))`,
          '__pd_f',
          bind(
            `greatest(0, least(${intLiteral(t.keepLast)}, length(__pd_s) - 1 - __pd_f))`,
            '__pd_l',
            `left(__pd_s, __pd_f) || repeat(${quoteLiteral(t.char)}, length(__pd_s) - __pd_f - __pd_l) || right(__pd_s, __pd_l)`,
          ),
        )} END`,
      );
    }
    case 'pseudonymize':
      return bind(
        text,
        '__pd_s',
        `CASE WHEN __pd_s IS NULL THEN NULL WHEN __pd_s = '' THEN '' ELSE left(${hmacSha256HexSql(key, 'encode(__pd_s)')}, ${intLiteral(t.length)}) END`,
      );
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
    case 'generalize-date':
      return t.to === 'month'
        ? `(CASE WHEN regexp_matches(${text}, '^[0-9]{4}-[0-9]{2}') THEN left(${text}, 7) END)`
        : `(CASE WHEN regexp_matches(${text}, '^[0-9]{4}') THEN CAST(left(${text}, 4) AS INTEGER) END)`;
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
      const hash = hmacSha256HexSql(derivedKeySql(key, DATE_SHIFT_PURPOSE), `encode(${keyText})`);
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
