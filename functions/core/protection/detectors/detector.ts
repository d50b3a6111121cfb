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
 * value is the text as the detectors read it (full-width digits as ASCII, see `normalizeDigits`).
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
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
/** An RE2 class of the full-width forms. */
export const FULL_WIDTH_CLASS = '[\uFF01-\uFF5E]';

/**
 * The text as the detectors read it: full-width forms become ASCII ("１３８…" is the same phone number
 * to a reader, "ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ" the same address). One UTF-16 unit each way, so offsets are unchanged. For scanning only: published
 * values are never rewritten. The SQL scan does the same with `translate`.
 */
export function normalizeDigits(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Candidates of `prefilter` in `text`, leftmost-first and non-overlapping, as RE2 extracts them. */
export function candidates(detector: Detector, text: string): { value: string; start: number }[] {
  const out: { value: string; start: number }[] = [];
  for (const m of normalizeDigits(text).matchAll(new RegExp(detector.prefilter, 'g'))) {
    if (m[0].length > 0) out.push({ value: m[0], start: m.index });
  }
  return out;
}

/** Confirmed matches of one detector in `text`. */
export function findWith(detector: Detector, text: string): DetectorMatch[] {
  return candidates(detector, text)
    .filter((c) => detector.validate(c.value))
    .map((c) => ({ detector: detector.id, value: c.value, start: c.start, end: c.start + c.value.length }));
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
