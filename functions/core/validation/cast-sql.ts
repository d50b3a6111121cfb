import type { FieldSpec } from '../manifest/schema.ts';
import { quoteLiteral } from '../sql/quote.ts';
import { formatExample } from './date-format-hint.ts';

const TRUE_WORDS = ['true', 't', 'yes', 'y', '1', '是'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0', '否'];

// DuckDB's casts are lenient in ways that would change data silently: BIGINT takes 1.5 (rounded to
// 2), 1e3, 0x10 and 1_000; DOUBLE takes NaN, inf, 1_000, +-1, and 1e400 (Infinity), which JSON cannot
// carry. The text must first have the shape of the type (RE2, leading/trailing white space allowed
// as the casts allow it: the fast path casts some cells untrimmed, stage-sql.ts).
/** An optionally signed run of ASCII digits. */
export const INTEGER_TEXT = '\\s*[+-]?[0-9]+\\s*';
/** A plain decimal (3, 3.14, .5, 5.) with an optional exponent. */
export const NUMBER_TEXT = '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*';
/**
 * An ISO date, 2024-01-31, as docs/formats.md documents it. DuckDB's DATE cast also takes 2024/01/31,
 * 2024-1-5 and 2024.01.31: a source written so declares its `format`, so a column never mixes styles.
 */
const DATE_TEXT = '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*';
/**
 * An ISO date-time: a date, T or a space, hh:mm:ss with an optional fraction, and optionally its zone
 * (Z, +08:00, +0800, +08), in two forms: local (no zone) and zoned. The zone decides the cast: DuckDB's
 * TIMESTAMP cast drops `+08:00` and `Z` silently. DuckDB's TIMESTAMP cast also takes a bare date
 * (midnight), 8:00 and 08:00 without seconds, and zone names; those need a `format`.
 */
const DATETIME_LOCAL_TEXT = '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?\\s*';
const DATETIME_ZONED_TEXT =
  '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)\\s*';
/** A time of day: 8:30, 08:30:00, 08:30:00.250 (no date, no offset). */
const TIME_TEXT = '\\s*[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*';
/** A "lat,lon" pair of plain decimals. */
export const GEOPOINT_TEXT = '\\s*-?[0-9]+(\\.[0-9]+)?\\s*,\\s*-?[0-9]+(\\.[0-9]+)?\\s*';

/** The largest absolute latitude and longitude a geopoint takes. */
export const MAX_LATITUDE = 90;
export const MAX_LONGITUDE = 180;

/** Whether a strptime format reads a zone (%z offset, %Z name): the result is then an instant. */
const readsZone = (format: string) => /%[zZ]/.test(format.replaceAll('%%', ''));

/** DuckDB logical type a field is stored as in published Parquet. */
export function duckType(type: FieldSpec['type']): string {
  switch (type) {
    case 'integer':
    case 'year':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP';
    case 'time':
      return 'TIME';
    default:
      return 'VARCHAR';
  }
}

/**
 * SQL casting a text column to the field's type; NULL when the text does not cast (the validator
 * reports those rows) or is empty. `expr` is a trusted SQL expression (a quoted column).
 */
export function castSql(field: Pick<FieldSpec, 'type' | 'format'>, expr: string): string {
  return castTrimmedSql(field, `NULLIF(trim(${expr}), '')`);
}

/**
 * The same cast over an expression that is already trimmed text or NULL (`NULLIF(trim(x), '')`),
 * so a pass that needs both the text and the value trims once. Text types return `v` itself.
 */
export function castTrimmedSql(field: Pick<FieldSpec, 'type' | 'format'>, v: string): string {
  switch (field.type) {
    case 'integer':
      return `CASE WHEN regexp_full_match(${v}, '${INTEGER_TEXT}') THEN TRY_CAST(${v} AS BIGINT) END`;
    case 'year':
      return `CASE WHEN regexp_full_match(${v}, '-?[0-9]{1,4}') THEN TRY_CAST(${v} AS BIGINT) END`;
    case 'number':
      // isfinite: an exponent too large for a double (1e400) casts to Infinity.
      return `CASE WHEN regexp_full_match(${v}, '${NUMBER_TEXT}') AND isfinite(TRY_CAST(${v} AS DOUBLE)) THEN TRY_CAST(${v} AS DOUBLE) END`;
    case 'boolean':
      // list_contains rather than IN: DuckDB plans an IN list of 6+ values as a join, and a join does
      // not keep row order (the published files must be in source order).
      return `CASE WHEN list_contains([${TRUE_WORDS.map((w) => `'${w}'`).join(', ')}], lower(${v})) THEN true WHEN list_contains([${FALSE_WORDS.map((w) => `'${w}'`).join(', ')}], lower(${v})) THEN false END`;
    case 'date':
      // DuckDB's DATE cast takes a date-time and drops its time: a cell with a time of day is refused.
      return field.format
        ? `TRY_CAST(try_strptime(${v}, ${quoteLiteral(field.format)}) AS DATE)`
        : `CASE WHEN regexp_full_match(${v}, '${DATE_TEXT}') THEN TRY_CAST(${v} AS DATE) END`;
    case 'datetime':
      // Published as TIMESTAMP (no zone). A value that carries its zone (an ISO offset, Z, or a format
      // reading the zone) is an instant: published in UTC, never with its offset dropped. A value
      // without one is published as written.
      if (field.format) {
        const parsed = `try_strptime(${v}, ${quoteLiteral(field.format)})`;
        return readsZone(field.format) ? `timezone('UTC', ${parsed})` : parsed;
      }
      return `CASE WHEN regexp_full_match(${v}, '${DATETIME_LOCAL_TEXT}') THEN TRY_CAST(${v} AS TIMESTAMP) WHEN regexp_full_match(${v}, '${DATETIME_ZONED_TEXT}') THEN timezone('UTC', TRY_CAST(${v} AS TIMESTAMPTZ)) END`;
    case 'time':
      // The TIME cast drops a date in front of the time: only a time of day is taken.
      return `CASE WHEN regexp_full_match(${v}, '${TIME_TEXT}') THEN TRY_CAST(${v} AS TIME) END`;
    case 'yearmonth':
      return `CASE WHEN regexp_full_match(${v}, '[0-9]{4}-(0[1-9]|1[0-2])') THEN ${v} END`;
    case 'geopoint':
      // Latitude first (the documented "lat,lon" order), then longitude.
      return `CASE WHEN regexp_full_match(${v}, '${GEOPOINT_TEXT}') AND abs(TRY_CAST(split_part(${v}, ',', 1) AS DOUBLE)) <= ${MAX_LATITUDE} AND abs(TRY_CAST(split_part(${v}, ',', 2) AS DOUBLE)) <= ${MAX_LONGITUDE} THEN ${v} END`;
    default:
      return v;
  }
}

/** A hint in English and in Chinese. */
type Both = { readonly en: string; readonly zh: string };

/**
 * What a valid value of each type looks like, for hints: in English, and in Chinese as a noun phrase
 * the same way (“请填写” + it). Date and datetime fields with a `format` are shown as a value it reads.
 */
const TYPE_HINTS: Readonly<Partial<Record<FieldSpec['type'], Both>>> = {
  integer: {
    en: 'a whole number such as 42 or -7: digits only (no decimals, exponent, thousands separators or hex)',
    zh: '整数，如 42 或 -7：只能写数字（不能有小数、指数、千位分隔符或十六进制）',
  },
  number: {
    en: 'a number such as 3.14 or 1.5e3 (a dot as decimal separator, no thousands separators; NaN and Infinity are not numbers)',
    zh: '数值，如 3.14 或 1.5e3（用英文句点作小数点，不加千位分隔符；NaN 和 Infinity 不算数值）',
  },
  boolean: {
    en: `one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`,
    zh: `以下取值之一：${[...TRUE_WORDS, ...FALSE_WORDS].join('、')}`,
  },
  date: {
    en: 'an ISO date such as 2026-03-31 without a time of day (declare the field `datetime` for date-times), or set `format` on the field',
    zh: '符合 ISO 格式的日期，如 2026-03-31，不带时间（含时间的请把字段声明为 `datetime`），或在字段上设置 `format`',
  },
  datetime: {
    en: 'an ISO date-time such as 2026-03-31T08:00:00 (published as written) or 2026-03-31T08:00:00+08:00 / …Z (published in UTC), or set `format` on the field',
    zh: '符合 ISO 格式的日期时间，如 2026-03-31T08:00:00（按原样发布）或 2026-03-31T08:00:00+08:00 / …Z（换算为 UTC 发布），或在字段上设置 `format`',
  },
  time: {
    en: 'a time of day such as 08:30:00, without a date or a UTC offset',
    zh: '一天中的时间，如 08:30:00，不带日期，也不带 UTC 时差',
  },
  year: { en: 'a year such as 2026', zh: '年份，如 2026' },
  yearmonth: { en: 'a year and month such as 2026-03', zh: '年月，如 2026-03' },
  geopoint: {
    en: 'a "lat,lon" pair such as 39.9,116.4 (latitude -90 to 90 first, then longitude -180 to 180)',
    zh: '“纬度,经度”形式的坐标，如 39.9,116.4（先写纬度，范围 -90 到 90；再写经度，范围 -180 到 180）',
  },
};

function typeHints(field: Pick<FieldSpec, 'type' | 'format'>): Both {
  if (field.format && (field.type === 'date' || field.type === 'datetime')) {
    return writtenLike(field.type === 'date' ? ['a date', '日期'] : ['a date-time', '日期时间'], field.format);
  }
  return TYPE_HINTS[field.type] ?? { en: 'text', zh: '文本' };
}

/** What a valid value of the type looks like, for hints. */
export const typeHint = (field: Pick<FieldSpec, 'type' | 'format'>): string => typeHints(field).en;

/** typeHint in Chinese, a noun phrase as the English is (“请填写” + it): 整数，如 42 或 -7…. */
export const typeHintZh = (field: Pick<FieldSpec, 'type' | 'format'>): string => typeHints(field).zh;

/**
 * "a date like 2024/03/05 (…)", 按字段的 `format` 书写的日期，如 2024/03/05: the field's `format` shown as
 * a value it reads, not as strptime.
 */
function writtenLike([what, whatZh]: readonly [string, string], format: string): Both {
  const example = formatExample(format);
  return example === null
    ? { en: `${what} in the format ${format}`, zh: `格式为 ${format} 的${whatZh}` }
    : {
        en: `${what} like ${example} (as the field's \`format\` says)`,
        zh: `按字段的 \`format\` 书写的${whatZh}，如 ${example}`,
      };
}
