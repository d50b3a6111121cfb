/**
 * A detector of personal (or organisation) identifiers inside text. Two stages so the same logic runs
 * in JS and over a whole table in DuckDB: `prefilter` is a cheap RE2-compatible regex (DuckDB
 * `regexp_extract_all`, no look-around, no back-references) that finds candidates inside free text;
 * `validate` confirms a candidate exactly (check digits, dates, ranges). A prefilter extracts the
 * whole surrounding token (e.g. the full digit run), so "part of a longer number" is rejected by
 * `validate` rather than by look-around that RE2 lacks.
 */
export interface Detector {
  /** Stable id, used in reports and in manifest `piiExceptions`. */
  readonly id: string;
  readonly label: { readonly en: string; readonly 'zh-CN': string };
  /** Whether a residual hit refuses the release (false: reported only, e.g. organisation codes). */
  readonly blocking: boolean;
  /** RE2-compatible regex finding candidates; also valid as a JS RegExp source with the same matches. */
  readonly prefilter: string;
  /**
   * Optional RE2 regex that every candidate accepted by `validate` matches in full (a necessary
   * condition: exact lengths, prefixes, character classes). The SQL scan drops candidates that do not
   * match it inside DuckDB, so impossible ones (e.g. 12-digit statistical codes for the mobile
   * detector) never reach JS. It must never reject a candidate `validate` would accept.
   */
  readonly candidateCheck?: string;
  /**
   * Optional RE2 regex (searched, not anchored) that matches every text from which `prefilter`
   * extracts a candidate accepted by `validate`: a tighter row-level prefilter than `prefilter`
   * itself. It must never miss a text holding a valid candidate; `prefilter` is used when absent.
   */
  readonly rowFilter?: string;
  /** True when the candidate (exactly as extracted by `prefilter`) is an identifier of this kind. */
  validate(candidate: string): boolean;
}

/**
 * A confirmed hit in a text; offsets are UTF-16 indices into the scanned string, end exclusive. The
 * value is the text as the detectors read it (look-alikes as ASCII, invisible characters removed: see
 * `readable`).
 */
export interface DetectorMatch {
  readonly detector: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The full-width forms of printable ASCII (U+FF01-U+FF5E: digits, letters, ＠, ．… as Chinese input
 * methods type them), then the ASCII characters they stand for, position by position.
 */
export const FULL_WIDTH_FORMS = Array.from({ length: 0x5e }, (_, i) => String.fromCharCode(0xff01 + i)).join('');
export const ASCII_FORMS = Array.from({ length: 0x5e }, (_, i) => String.fromCharCode(0x21 + i)).join('');
/** An RE2 class of the full-width forms. */
export const FULL_WIDTH_CLASS = '[\uFF01-\uFF5E]';

/**
 * Spaces that are not U+0020 but read as one between digit groups: no-break space (pasted from web
 * pages and Word), the ideographic space 　 (U+3000, typed by Chinese input methods), the typographic
 * spaces U+2000-U+200A, narrow no-break and medium mathematical space.
 */
const SPACES = '\u00A0\u2000-\u200A\u202F\u205F\u3000';
/** Dashes that are not U+002D but read as one: hyphens, figure/en/em dashes (word processors' autocorrect), minus signs. */
const DASHES = '\u2010-\u2015\u2212\uFE58\uFE63';
/** Digits of other scripts that read as 0-9: Arabic-Indic and Extended Arabic-Indic. */
const OTHER_DIGITS = '\u0660-\u0669\u06F0-\u06F9';
/**
 * Invisible format characters a reader does not see: soft hyphen, zero-width space/joiners, direction
 * marks and embeddings, word joiner, invisible operators, the BOM. "138\u200B1234\u200B5678" shows as a
 * phone number; the detectors read it without them.
 */
export const INVISIBLE_CLASS = '[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]';

/** The characters of a class body written as single characters and `a-b` ranges. */
const spread = (cls: string): string => {
  let out = '';
  for (let i = 0; i < cls.length; i++) {
    const from = cls.charCodeAt(i);
    const range = cls[i + 1] === '-' && i + 2 < cls.length;
    const to = range ? cls.charCodeAt(i + 2) : from;
    for (let c = from; c <= to; c++) out += String.fromCharCode(c);
    if (range) i += 2;
  }
  return out;
};

/**
 * Characters the detectors read as another, one for one (so offsets are unchanged), and what they
 * read them as: full-width forms as ASCII, other spaces as U+0020, other dashes as "-", other digits
 * as 0-9. `translate` in the SQL scan takes the same two strings.
 */
export const LOOKALIKE_FORMS = FULL_WIDTH_FORMS + spread(SPACES) + spread(DASHES) + spread(OTHER_DIGITS);
export const LOOKALIKE_ASCII =
  ASCII_FORMS + ' '.repeat(spread(SPACES).length) + '-'.repeat(spread(DASHES).length) + '0123456789'.repeat(2);
/** An RE2 class of every character the detectors read otherwise (look-alikes and invisible characters). */
export const UNUSUAL_CLASS = `[\uFF01-\uFF5E${SPACES}${DASHES}${OTHER_DIGITS}${INVISIBLE_CLASS.slice(1, -1)}]`;
/**
 * RE2 alternatives matching any text in which the detectors could read an identifier only after
 * normalising: a full-width digit or ＠ (or full-width text against an @), another script's digit, an
 * invisible character, or another space or dash between two digits.
 */
export const UNUSUAL_ROW_FILTERS = [
  `[\uFF10-\uFF19\uFF20${OTHER_DIGITS}]`,
  `${FULL_WIDTH_CLASS}@`,
  `@${FULL_WIDTH_CLASS}`,
  INVISIBLE_CLASS,
  `[0-9][${SPACES}${DASHES}][0-9]`,
];

const LOOKALIKE = new RegExp(`[\uFF01-\uFF5E${SPACES}${DASHES}${OTHER_DIGITS}]`, 'g');
const LOOKALIKE_MAP = new Map([...LOOKALIKE_FORMS].map((c, i) => [c, LOOKALIKE_ASCII[i] as string]));
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');

/**
 * The look-alike characters read as ASCII, one UTF-16 unit each way, so offsets are unchanged
 * ("１３８…" is the same phone number to a reader, "ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ" the same address,
 * "138　1234　5678" with ideographic spaces the same grouped number). For scanning only: published
 * values are never rewritten.
 */
export function normalizeDigits(text: string): string {
  return text.replace(LOOKALIKE, (c) => LOOKALIKE_MAP.get(c) ?? c);
}

/**
 * The text as the detectors read it: look-alikes as ASCII (`normalizeDigits`) and invisible
 * characters removed; `at(i)` is the offset in `text` of the character at offset `i` of the result
 * (and `at(length)` the end of the text). The SQL scan does the same with `translate` and
 * `regexp_replace`.
 */
export function readable(text: string): { text: string; at(i: number): number } {
  const read = normalizeDigits(text);
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(read)) return { text: read, at: (i) => i };
  const kept: number[] = [];
  let out = '';
  for (let i = 0; i < read.length; i++) {
    const c = read[i] as string;
    if (c.match(INVISIBLE_ONE)) continue;
    kept.push(i);
    out += c;
  }
  kept.push(read.length);
  return { text: out, at: (i) => kept[i] as number };
}
const INVISIBLE_ONE = new RegExp(`^${INVISIBLE_CLASS}$`);

/** Candidates of `prefilter` in the readable text, leftmost-first and non-overlapping, as RE2 extracts them. */
function candidatesIn(detector: Detector, read: string): { value: string; start: number }[] {
  const out: { value: string; start: number }[] = [];
  for (const m of read.matchAll(new RegExp(detector.prefilter, 'g'))) {
    if (m[0].length > 0) out.push({ value: m[0], start: m.index });
  }
  return out;
}

/** Candidates of `prefilter` in `text` as the detectors read it, with offsets into `text`. */
export function candidates(detector: Detector, text: string): { value: string; start: number; end: number }[] {
  const read = readable(text);
  return candidatesIn(detector, read.text).map((c) => ({
    value: c.value,
    start: read.at(c.start),
    end: read.at(c.start + c.value.length - 1) + 1,
  }));
}

/** Confirmed matches of one detector in `text`. */
export function findWith(detector: Detector, text: string): DetectorMatch[] {
  return candidates(detector, text)
    .filter((c) => detector.validate(c.value))
    .map((c) => ({ detector: detector.id, ...c }));
}

/** Keeps only ASCII digits (for candidates written with spaces or dashes). */
export function digitsOnly(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

/** True when year/month/day form a real calendar date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
