import { isBankCard } from './detectors/bank-card.ts';
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
