import { quoteLiteral } from './sql-quote.ts';
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
  return `sha256(${pad('5c')} || unhex(sha256(${pad('36')} || ${messageBlobSql})))`;
}

/** The purpose key of treatments/hmac.ts deriveKey, as a BLOB expression. */
export function derivedKeySql(keyBlobSql: string, purpose: string): string {
  return `unhex(${hmacSha256HexSql(keyBlobSql, `encode(${quoteLiteral(KEY_LABEL_PREFIX + purpose)})`)})`;
}
