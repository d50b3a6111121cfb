import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';
import { hmacSha256Hex, requireKey } from './hmac.ts';

type Pseudonymize = Extract<Treatment, { kind: 'pseudonymize' }>;

/** The letters `caseInsensitive` upper-cases, and their upper case (the SQL's `translate` uses both). */
export const ASCII_LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The text that is hashed: the value's text, with `caseInsensitive` its ASCII letters upper-cased.
 * Only a-z: identifiers (resident IDs, credit codes, passports, plates) are written in ASCII, and
 * Unicode case mappings differ between JS and DuckDB (`ß`, `ı`) and across Unicode versions, when a
 * pseudonym must stay the same in every version. Without the option the text is hashed as it is, so
 * pseudonyms already published never change.
 */
export function pseudonymInput(text: string, t: Pick<Pseudonymize, 'caseInsensitive'>): string {
  return t.caseInsensitive === true ? text.replace(/[a-z]+/g, (s) => s.toUpperCase()) : text;
}

/**
 * Keyed HMAC-SHA256 of the value's text (pseudonymInput), hex, truncated to `length`. Deterministic
 * for one key (joins and version-to-version comparisons keep working), unlinkable without the key. An
 * empty text stays empty: it identifies nobody and a constant token would only add noise.
 */
export function pseudonymizeValue(value: CellValue, t: Pseudonymize, key: Uint8Array | undefined): CellValue {
  if (value === null) return null;
  const text = textOf(value);
  if (text === '') return '';
  return hmacSha256Hex(requireKey(key, 'pseudonymize'), pseudonymInput(text, t)).slice(0, t.length);
}
