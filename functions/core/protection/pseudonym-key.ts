/**
 * The rule for a stored pseudonymization key, whatever stores it (a file locally, Secrets Manager in
 * AWS): pure, so both secret providers apply the same one and the same errors reach the operator.
 */

/** Bytes of key the HMAC needs at least (SHA-256's block of security: 256 bits). */
export const PSEUDONYM_KEY_MIN_BYTES = 32;

/** What is wrong with a stored pseudonymization key (never the value itself). */
export type PseudonymKeyProblem =
  | 'empty'
  | 'json'
  | 'whitespace'
  | 'url-safe-base64'
  | 'not-hex-or-base64'
  | 'hex-length'
  | 'base64-padding'
  | 'base64-not-canonical'
  | 'too-short';

/**
 * A stored pseudonymization key that is not one: the functions refuse to start pseudonymizing with it
 * rather than key the HMAC with something else than what the operator meant (base64 decoding skips
 * characters outside its alphabet, hex decoding stops at the first one, so a pasted JSON secret, a
 * passphrase or a truncated value used to become another, possibly empty, key without a word). The
 * message says what is wrong and how to fix it; it never contains the value.
 */
export class PseudonymKeyFormatError extends Error {
  /** Where the key was read (a secret's ARN, a file path): never the value. */
  readonly source: string;
  readonly problem: PseudonymKeyProblem;
  readonly hint: string;
  constructor(source: string, problem: PseudonymKeyProblem, what: string, hint: string) {
    super(`the pseudonymization key in ${source} is not usable: ${what}. ${hint}`);
    this.name = 'PseudonymKeyFormatError';
    this.source = source;
    this.problem = problem;
    this.hint = hint;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, source: this.source, problem: this.problem, message: this.message, hint: this.hint };
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const GENERATE = 'Generate a key with `openssl rand -hex 32` (64 hex characters)';
const CAUTION =
  'A new key changes every pseudonym published after it (docs/deploy.md, Rotating the pseudonymization secret): if the stored value was meant to be the key in use, store that key again, correctly encoded';

/**
 * The key bytes of a stored pseudonymization key: exactly 64 hex characters (32 bytes), or standard
 * base64 (RFC 4648 alphabet, padded, canonical) of at least 32 bytes — what the data stack generates
 * (64 letters and digits, 48 bytes) and what `openssl rand -hex 32` or `-base64 32` print. Surrounding
 * whitespace (a trailing line break) is ignored; anything else throws PseudonymKeyFormatError.
 */
export function parsePseudonymKey(stored: string, source: string): Uint8Array {
  const s = stored.trim();
  const refuse = (problem: PseudonymKeyProblem, what: string, hint = `${GENERATE}. ${CAUTION}.`) =>
    new PseudonymKeyFormatError(source, problem, what, hint);
  if (!s) throw refuse('empty', 'the value is empty');
  if (HEX_KEY.test(s)) return Buffer.from(s, 'hex');
  if (HEX_ONLY.test(s)) {
    // Hex of another length was read as hex before: as base64 it would silently be another key.
    throw refuse('hex-length', `it looks like hex but has ${s.length} characters, and a hex key has exactly 64`);
  }
  if (s.startsWith('{') || s.startsWith('[') || s.startsWith('"')) {
    throw refuse(
      'json',
      'it looks like JSON (a key/value secret?)',
      `Store the key itself as the secret string, not a JSON document. ${GENERATE}. ${CAUTION}.`,
    );
  }
  if (/\s/.test(s)) {
    throw refuse(
      'whitespace',
      'it contains spaces or line breaks (a passphrase, or base64 wrapped over several lines?)',
      `Base64 must be one line without spaces; a passphrase is not a key. ${GENERATE}. ${CAUTION}.`,
    );
  }
  if (/[-_]/.test(s) && /^[A-Za-z0-9_+/-]+={0,2}$/.test(s)) {
    throw refuse(
      'url-safe-base64',
      'it is written in the URL-safe base64 alphabet (- or _)',
      'Write the same bytes in standard base64 (- becomes +, _ becomes /, padded with = to a multiple of 4 characters): the key, and so the pseudonyms, stay the same',
    );
  }
  if (!BASE64.test(s)) {
    throw refuse(
      'not-hex-or-base64',
      'it contains characters outside the hex and base64 alphabets, or = padding before its end (a passphrase?)',
    );
  }
  if (s.length % 4 !== 0) {
    throw refuse(
      'base64-padding',
      `as base64 its length (${s.length} characters) is not a multiple of 4: truncated, or its = padding is missing`,
    );
  }
  const bytes = Buffer.from(s, 'base64');
  if (bytes.toString('base64') !== s) {
    throw refuse(
      'base64-not-canonical',
      'it is not canonical base64 (misplaced = padding, or a last character with bits no byte uses): truncated or mistyped?',
    );
  }
  if (bytes.length < PSEUDONYM_KEY_MIN_BYTES) {
    throw refuse(
      'too-short',
      `it decodes to ${bytes.length} bytes, and the key needs at least ${PSEUDONYM_KEY_MIN_BYTES} (64 hex or 44 base64 characters)`,
    );
  }
  return bytes;
}
