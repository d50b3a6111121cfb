import { createHmac } from 'node:crypto';

/** Shortest key accepted: a short key could be brute-forced from published pseudonyms. */
export const MIN_KEY_BYTES = 16;

export function requireKey(key: Uint8Array | undefined, kind: string): Uint8Array {
  if (!key || key.length < MIN_KEY_BYTES) {
    throw new Error(`treatment ${kind} needs the platform HMAC key (at least ${MIN_KEY_BYTES} bytes)`);
  }
  return key;
}

/** Lower-case hex HMAC-SHA256 of the UTF-8 bytes of `message`. */
export function hmacSha256Hex(key: Uint8Array, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/**
 * A key for one purpose, derived from the platform key (HMAC(key, label)). Date shifts use their own
 * key so that a published pseudonym of the key field reveals nothing about the shift.
 */
export function deriveKey(key: Uint8Array, purpose: string): Uint8Array {
  return createHmac('sha256', key).update(`${KEY_LABEL_PREFIX}${purpose}`, 'utf8').digest();
}

export const KEY_LABEL_PREFIX = 'opendata/treatment-key/';

/**
 * The key one dataset's treatments use (pseudonymize, date-shift), derived from the platform key: per
 * dataset, or per publisher and linkage group when the manifest declares `pseudonymLinkage`. The same
 * for every version of the dataset, so its pseudonyms join across versions; unrelated across datasets
 * (and across publishers, whatever group they name), so one dataset's pseudonyms cannot be joined to
 * another's to undo its de-identification.
 */
export function datasetKey(
  platformKey: Uint8Array,
  manifest: { readonly id: string; readonly publisher: string; readonly pseudonymLinkage?: string | undefined },
): Uint8Array {
  return deriveKey(
    requireKey(platformKey, 'pseudonymize'),
    manifest.pseudonymLinkage === undefined
      ? `dataset/${manifest.id}`
      : `linkage/${manifest.publisher}/${manifest.pseudonymLinkage}`,
  );
}
