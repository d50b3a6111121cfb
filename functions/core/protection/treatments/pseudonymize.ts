import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';
import { hmacSha256Hex, requireKey } from './hmac.ts';

type Pseudonymize = Extract<Treatment, { kind: 'pseudonymize' }>;

/**
 * Keyed HMAC-SHA256 of the value's text, hex, truncated to `length`. Deterministic for one key (joins
 * and version-to-version comparisons keep working), unlinkable without the key. An empty text stays
 * empty: it identifies nobody and a constant token would only add noise.
 */
export function pseudonymizeValue(value: CellValue, t: Pseudonymize, key: Uint8Array | undefined): CellValue {
  if (value === null) return null;
  const text = textOf(value);
  if (text === '') return '';
  return hmacSha256Hex(requireKey(key, 'pseudonymize'), text).slice(0, t.length);
}
