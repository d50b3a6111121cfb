import { isBankCard } from './detectors/bank-card.ts';
import { readable } from './detectors/detector.ts';
import { DETECTORS, type Detector, scanText } from './detectors/index.ts';
import { isResidentId, isResidentIdBody, residentIdCheckChar } from './detectors/resident-id.ts';

/**
 * How the residual-PII scan reads a published `number` column (a DOUBLE). DuckDB prints a large
 * double in exponent notation (110101199003074514 as 1.1010119900307451e+17), which no detector
 * reads, although anyone gets the ID back from its first 17 digits and the computable check
 * character. So a whole number is read as its digits, and a whole number a double cannot hold
 * exactly (2^53 and above: the last digits of a 16-19 digit identifier are lost, so its check digit
 * cannot be checked) is refused as one, unless the detectors find it: its first 17 digits, when
 * they are a resident ID body (region and birth date), as that ID (hit "resident-id"); any other
 * as `inexact-number` ("declare the column `string`", which also keeps the values exact).
 */

/** The pseudo-detector of whole numbers too long to be exact (blocking; no exception applies). */
export const INEXACT_NUMBER = {
  id: 'inexact-number',
  label: {
    en: 'whole number too long to be exact (an identifier?)',
    'zh-CN': '超出数值精确范围的长整数（可能是证件号或卡号）',
  },
} as const;

/** 2^53: from here on a double does not hold every whole number. */
const EXACT_BELOW = 9_007_199_254_740_992;
/** 10^19: no identifier the detectors know has more than 19 digits. */
const IDENTIFIER_BELOW = 1e19;

/** SQL: a DOUBLE as the scan reads it: a whole number below 10^19 as its digits, else as DuckDB prints it. */
export function numberTextSql(x: string): string {
  return `CASE WHEN abs(${x}) < 1e19 AND ${x} = trunc(${x}) THEN CAST(CAST(${x} AS HUGEINT) AS VARCHAR) ELSE CAST(${x} AS VARCHAR) END`;
}

/** JS twin of `numberTextSql` (the same digits; NaN, infinities and tiny numbers differ in spelling, holding none). */
export function numberText(x: number): string {
  return Math.abs(x) < IDENTIFIER_BELOW && Number.isInteger(x) ? BigInt(x).toString() : String(x);
}

/** SQL: a list holding the digits of |x| when it is a whole number too long to be exact, else NULL. */
export function inexactDigitsSql(x: string): string {
  return `CASE WHEN abs(${x}) >= ${EXACT_BELOW} AND abs(${x}) < 1e19 THEN [CAST(CAST(abs(${x}) AS HUGEINT) AS VARCHAR)] END`;
}

/**
 * What the digits of a whole number beyond 2^53 are reported as: nothing when the detectors find it
 * as it is (a resident ID or bank card that happens to be exact: found by the text probes), the ID
 * its first 17 digits and their check character make when they are an ID body, else the number.
 */
export function inexactNumberHit(digits: string): { detector: string; value: string } | null {
  if (isResidentId(digits) || isBankCard(digits)) return null;
  const body = digits.slice(0, 17);
  if (digits.length >= 17 && isResidentIdBody(body)) {
    return { detector: 'resident-id', value: body + residentIdCheckChar(body) };
  }
  return { detector: INEXACT_NUMBER.id, value: digits };
}

/** The JS reference of the scan of one `number` cell: the detectors' hits in its digits, and the inexact-number rule. */
export function scanNumber(
  x: number,
  detectors: readonly Detector[] = DETECTORS,
): { detector: string; value: string }[] {
  const hits = scanText(numberText(x), detectors).map((h) => ({ detector: h.detector, value: h.value }));
  const a = Math.abs(x);
  const inexact = a >= EXACT_BELOW && a < IDENTIFIER_BELOW ? inexactNumberHit(BigInt(a).toString()) : null;
  return inexact ? [...hits, inexact] : hits;
}

/**
 * A whole number written in text the way a double is printed: 16-19 digits with a zero fraction
 * (`110105199003071000.0`), or 15 significant digits or more in exponent notation
 * (`1.10105199003071e+17`). That is what DuckDB's JSON reader makes of a number written with a
 * fraction or an exponent: inside a nested array or object (`[110105199003071001.0]`) it is printed
 * back from the double, and in a string field as DuckDB prints a double, the last digits lost either
 * way. Such a number from 2^53 up is read like one in a `number` column (`inexactNumberHit`).
 * `WHOLE_DOUBLE_TOKEN` (RE2) takes the token after a character that is not a digit or a dot (group 1,
 * with any digits glued to it, so that `WHOLE_DOUBLE` rejects a longer number); `WHOLE_DOUBLE` is its
 * full shape.
 */
const WHOLE_DOUBLE_TOKEN = '(?:^|[^0-9.])([0-9]{16,19}\\.0+[0-9]*|[0-9]\\.[0-9]{14,18}[eE][-+]?[0-9]+)';
const WHOLE_DOUBLE = '[0-9]{16,19}\\.0+|[0-9]\\.[0-9]{14,18}[eE]\\+?1[5-8]';
/** RE2: every text holding such a number matches it (a row filter of the scan). */
export const WHOLE_DOUBLE_ROW_FILTER = '[0-9]{16}\\.0|[0-9]\\.[0-9]{14}[0-9]{0,4}[eE]';

const WHOLE_DOUBLE_TOKEN_G = new RegExp(WHOLE_DOUBLE_TOKEN, 'g');
const WHOLE_DOUBLE_FULL = new RegExp(`^(?:${WHOLE_DOUBLE})$`);

/** The digits of each whole number from 2^53 up written as a double in a text as the detectors read it. */
export function wholeDoublesIn(read: string): string[] {
  const out: string[] = [];
  for (const m of read.matchAll(WHOLE_DOUBLE_TOKEN_G)) {
    const token = m[1] as string;
    const x = WHOLE_DOUBLE_FULL.test(token) ? Number(token) : Number.NaN;
    if (x >= EXACT_BELOW && x < IDENTIFIER_BELOW) out.push(BigInt(x).toString());
  }
  return out;
}

/** SQL twin of `wholeDoublesIn` over an expression holding the text as the detectors read it. */
export function wholeDoubleDigitsSql(read: string): string {
  const tokens = `list_filter(regexp_extract_all(${read}, '${WHOLE_DOUBLE_TOKEN}', 1), lambda t: regexp_full_match(t, '${WHOLE_DOUBLE}'))`;
  const inRange = `list_filter(list_transform(${tokens}, lambda t: CAST(t AS DOUBLE)), lambda x: x >= ${EXACT_BELOW} AND x < 1e19)`;
  return `list_transform(${inRange}, lambda x: CAST(CAST(x AS HUGEINT) AS VARCHAR))`;
}

/**
 * The JS reference of the scan of one text cell: the detectors' hits, and the inexact-number rule for
 * whole numbers written as doubles (`wholeDoublesIn`).
 */
export function scanTextCell(
  text: string,
  detectors: readonly Detector[] = DETECTORS,
): { detector: string; value: string }[] {
  const hits = scanText(text, detectors).map((h) => ({ detector: h.detector, value: h.value }));
  const ids = new Set(detectors.map((d) => d.id));
  const inexact = wholeDoublesIn(readable(text).text)
    .map(inexactNumberHit)
    .filter((h) => h !== null && (h.detector === INEXACT_NUMBER.id || ids.has(h.detector)));
  return [...hits, ...(inexact as { detector: string; value: string }[])];
}
