import { createHash } from 'node:crypto';
import { quoteLiteral } from '../sql/quote.ts';
import { KEY_LABEL_PREFIX } from './treatments/hmac.ts';

/**
 * HMAC-SHA256 (RFC 2104) composed from DuckDB built-ins, for treatments run inside the engine
 * without pulling rows into JS. DuckDB 1.5 has sha256(BLOB) → lower-case hex VARCHAR, unhex, blob
 * concatenation, and xor on BIT strings (BLOB casts to and from BIT), which is all the construction
 * needs: H((K0 ⊕ opad) ‖ H((K0 ⊕ ipad) ‖ m)) with K0 the key zero-padded to the 64-byte block
 * (hashed first when longer). The key is a BLOB expression, normally a prepared-statement parameter.
 * Verified against node:crypto in test/integration/protection-sql.test.ts.
 */
export function hmacSha256HexSql(keyBlobSql: string, messageBlobSql: string): string {
  const k0 = `(CASE WHEN octet_length(${keyBlobSql}) > 64 THEN unhex(sha256(${keyBlobSql})) ELSE ${keyBlobSql} END)`;
  const block = `(${k0} || repeat(unhex('00'), 64 - octet_length(${k0})))`;
  const pad = (byteHex: string) =>
    `CAST(xor(CAST(${block} AS BIT), CAST(repeat(unhex('${byteHex}'), 64) AS BIT)) AS BLOB)`;
  return hmacSha256HexFromPadsSql({ inner: pad('36'), outer: pad('5c') }, messageBlobSql);
}

/** BLOB expressions of the two 64-byte key blocks K0 ⊕ ipad and K0 ⊕ opad (normally bound parameters). */
export interface HmacPadsSql {
  readonly inner: string;
  readonly outer: string;
}

/**
 * The same HMAC with the key blocks computed once (see hmacPads) and passed in, so that per row only
 * the two SHA-256 compressions remain: about the cost of two plain sha256 calls instead of rebuilding
 * the padded key (BIT casts, xor, repeat) twice per value.
 */
export function hmacSha256HexFromPadsSql(pads: HmacPadsSql, messageBlobSql: string): string {
  return `sha256(${pads.outer} || unhex(sha256(${pads.inner} || ${messageBlobSql})))`;
}

/** The key blocks K0 ⊕ ipad and K0 ⊕ opad of RFC 2104 for `key` (bind them as BLOB parameters, never splice). */
export function hmacPads(key: Uint8Array): { inner: Uint8Array; outer: Uint8Array } {
  const k0 = new Uint8Array(64);
  k0.set(key.length > 64 ? createHash('sha256').update(key).digest() : key);
  return { inner: k0.map((b) => b ^ 0x36), outer: k0.map((b) => b ^ 0x5c) };
}

/** The purpose key of treatments/hmac.ts deriveKey, as a BLOB expression. */
export function derivedKeySql(keyBlobSql: string, purpose: string): string {
  return `unhex(${hmacSha256HexSql(keyBlobSql, `encode(${quoteLiteral(KEY_LABEL_PREFIX + purpose)})`)})`;
}
