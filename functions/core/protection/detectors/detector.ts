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
  /**
   * Whether the detector also reads Chinese numerals as digits (一三八一二三四五六七八: numbers people
   * write out). Its prefilter then runs a second time with a numeral wherever it takes a digit
   * (`numeralPrefilter`), and the candidates holding one are read with the numerals as digits.
   */
  readonly readsNumerals?: boolean;
  /** True when the candidate (exactly as extracted by `prefilter`) is an identifier of this kind. */
  validate(candidate: string): boolean;
  /**
   * Optional: the identifiers inside one candidate, as [start, end) offsets into it, for a detector
   * whose prefilter extracts a longer token that may hold one or more (digit groups joined by
   * separators: an ID among other numbers). Absent: the whole candidate when `validate` accepts it.
   */
  find?(candidate: string): readonly (readonly [number, number])[];
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
 * Digits outside the BMP that look like 0-9 (Unicode Nd): the Mathematical Alphanumeric digits (bold,
 * double-struck, sans-serif, sans-serif bold, monospace: U+1D7CE-U+1D7FF, five runs of 0-9, what
 * "fancy text" generators paste) and the segmented digits of Legacy Computing (U+1FBF0-U+1FBF9).
 * The other astral Nd (Brahmi, Adlam, Osmanya…) do not read as 0-9 to anyone writing Chinese or
 * English, and are not read as digits. Two UTF-16 units each in JS but one code point in DuckDB: the
 * reading maps offsets (`readable`), and a JS RegExp holding them needs the `u` flag.
 */
const ASTRAL_DIGITS = '\u{1D7CE}-\u{1D7FF}\u{1FBF0}-\u{1FBF9}';
/**
 * Invisible format characters a reader does not see: soft hyphen, zero-width space/joiners, direction
 * marks and embeddings, word joiner, invisible operators, the BOM. "138\u200B1234\u200B5678" shows as a
 * phone number; the detectors read it without them.
 */
export const INVISIBLE_CLASS = '[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]';

/** The characters (code points) of a class body written as single characters and `a-b` ranges. */
const spread = (cls: string): string => {
  const chars = [...cls];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const from = chars[i]!.codePointAt(0)!;
    const range = chars[i + 1] === '-' && i + 2 < chars.length;
    const to = range ? chars[i + 2]!.codePointAt(0)! : from;
    for (let c = from; c <= to; c++) out += String.fromCodePoint(c);
    if (range) i += 2;
  }
  return out;
};

/**
 * Characters the detectors read as another, code point for code point, and what they read them as:
 * full-width forms as ASCII, other spaces as U+0020, other dashes as "-", other digits (astral ones
 * too) as 0-9. `translate` in the SQL scan takes the same two strings (DuckDB counts code points).
 */
export const LOOKALIKE_FORMS =
  FULL_WIDTH_FORMS + spread(SPACES) + spread(DASHES) + spread(OTHER_DIGITS) + spread(ASTRAL_DIGITS);
export const LOOKALIKE_ASCII =
  ASCII_FORMS +
  ' '.repeat(spread(SPACES).length) +
  '-'.repeat(spread(DASHES).length) +
  '0123456789'.repeat([...spread(OTHER_DIGITS + ASTRAL_DIGITS)].length / 10);

/**
 * Symbols of a two-digit number, as word processors number lists and "fancy text" tools paste digits:
 * circled ⑩–⑳ and ㉑–㊿, parenthesized ⑽–⒇, with a full stop ⒑–⒛, negative circled ❿ and ⓫–⓴,
 * double circled ⓾, sans-serif circled ➉ and ➓ (first code point, first value, how many).
 */
const TWO_DIGIT_RANGES: readonly (readonly [number, number, number])[] = [
  [0x2469, 10, 11],
  [0x247d, 10, 11],
  [0x2491, 10, 11],
  [0x24eb, 11, 10],
  [0x277f, 10, 1],
  [0x2789, 10, 1],
  [0x2793, 10, 1],
  [0x24fe, 10, 1],
  [0x3251, 21, 15],
  [0x32b1, 36, 15],
];
/** Each two-digit symbol and its value (⑬ and 13). */
const TWO_DIGIT_VALUES: readonly (readonly [string, number])[] = TWO_DIGIT_RANGES.flatMap(([at, from, n]) =>
  Array.from({ length: n }, (_, i) => [String.fromCharCode(at + i), from + i] as const),
);
/** The circled digits ⓪①–⑨ (numerals: `DIGIT_SYMBOLS`), which a two-digit symbol reads as, one per digit. */
const CIRCLED = '\u24EA\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468';
/** The two-digit symbols as one string, and the circled digit of each one's units (for SQL `translate`). */
export const TWO_DIGIT_SYMBOLS = TWO_DIGIT_VALUES.map(([c]) => c).join('');
export const TWO_DIGIT_UNITS = TWO_DIGIT_VALUES.map(([, v]) => CIRCLED[v % 10]).join('');
/**
 * Per tens digit (1 to 5), an RE2 class of the two-digit symbols with that tens digit and the circled
 * digit written before each (the SQL reading: `regexp_replace` with each, then `translate` to the units).
 */
export const TWO_DIGIT_TENS: readonly { readonly symbols: string; readonly tens: string }[] = [1, 2, 3, 4, 5].map(
  (t) => ({
    symbols: `[${TWO_DIGIT_VALUES.filter(([, v]) => Math.floor(v / 10) === t)
      .map(([c]) => c)
      .join('')}]`,
    tens: CIRCLED[t] as string,
  }),
);
/** An RE2 class of the two-digit symbols. */
export const TWO_DIGIT_CLASS = `[${TWO_DIGIT_SYMBOLS}]`;
/**
 * How the detectors read a two-digit symbol: as two circled digits (⑬ as ①③), numerals like any
 * digit symbol, so ⑬⑧①②③④⑤⑥⑦⑧ is 13812345678 while a list marker before a number written in ASCII
 * digits (⑩13812345678) neither hides it nor makes a longer one.
 */
const TWO_DIGIT_MAP = new Map(
  TWO_DIGIT_VALUES.map(([c, v]) => [c, `${CIRCLED[Math.floor(v / 10)]}${CIRCLED[v % 10]}`]),
);

/** An RE2 class of every character the detectors read otherwise (look-alikes, two-digit symbols, invisible characters). */
export const UNUSUAL_CLASS = `[\uFF01-\uFF5E${SPACES}${DASHES}${OTHER_DIGITS}${ASTRAL_DIGITS}${TWO_DIGIT_SYMBOLS}${INVISIBLE_CLASS.slice(1, -1)}]`;

/**
 * Chinese numerals written digit by digit, as people write out (or read aloud) a phone or ID number:
 * 〇 and 零 for 0, 一 to 九, and 幺 for 1 (how 1 is read out in numbers), and the financial (大写)
 * forms 壹贰叁肆伍陆柒捌玖 with the traditional 貳參叄陸, which cheques use so that no digit can be
 * altered and which spell a number just as well. Not 两: it says 2 only in quantities (两天), never in
 * a string of digits, and as a digit it would glue the figures around it together. Not the place
 * values 十/百/千/万 nor 拾佰仟 (一百 is not "1百"): an amount written with them (壹万贰仟元) has no
 * run of digits.
 */
export const CHINESE_NUMERALS = '〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖貳參叄陸';
/** What each of `CHINESE_NUMERALS` reads as. */
const CHINESE_NUMERAL_VALUES = '0012345678911234567892336';
/**
 * Symbols of a single digit that "fancy text" tools and word processors paste, each one UTF-16 unit:
 * circled ⓪①–⑨, double circled ⓵–⓽, negative circled ⓿❶–❾, sans-serif circled ➀–➈ and ➊–➒,
 * parenthesized ⑴–⑼, with a full stop ⒈–⒐, superscript ⁰¹²³⁴–⁹ and subscript ₀–₉ (⑩–⑳ and
 * the like are two digits: `TWO_DIGIT_SYMBOLS`). Read like the Chinese numerals
 * (never glued to the digits around them in the plain reading), so a list marker before a number
 * ("①13812345678") or a unit ("120m²") does not hide or make one.
 */
const DIGIT_SYMBOLS =
  '\u24EA\u2460-\u2468\u24FF\u24F5-\u24FD\u2776-\u277E\u2780-\u2788\u278A-\u2792\u2474-\u247C\u2488-\u2490\u2070\u00B9\u00B2\u00B3\u2074-\u2079\u2080-\u2089';
const DIGIT_SYMBOL_VALUES = `01234567890${'123456789'.repeat(6)}01234567890123456789`;
/** The numerals as an RE2 class body (ranges kept). */
const NUMERALS_BODY = CHINESE_NUMERALS + DIGIT_SYMBOLS;
/**
 * What the detectors of written-out numbers (`readsNumerals`) read as digits besides 0-9: the Chinese
 * numerals and the digit symbols, each one UTF-16 unit and one code point, like the digit it stands for.
 */
export const NUMERALS = CHINESE_NUMERALS + spread(DIGIT_SYMBOLS);
/** What each of `NUMERALS` reads as. */
export const NUMERAL_DIGITS = `${CHINESE_NUMERAL_VALUES}${DIGIT_SYMBOL_VALUES}`;
/** An RE2 class of the numerals. */
export const NUMERAL_CLASS = `[${NUMERALS_BODY}]`;

/**
 * Full-width hyphen, full stop, solidus, low line, colon and parentheses: separators a Chinese input
 * method types between digit groups (read as -, ., /, _, : and brackets like every full-width form).
 */
const WIDE_SEPARATORS = '\uFF0D\uFF0E\uFF0F\uFF3F\uFF1A\uFF08\uFF09';

/**
 * A separator between two digit groups as the detectors read it (look-alike spaces and dashes and
 * full-width forms already read as ASCII): space, tab, -, ., /, _ and :. People mix them and double
 * them (`138 0013-8000`, `138 - 0013 - 8000`, fixed-width exports padding `110101  19900307  7715`).
 */
export const GROUP_SEPARATOR = '[-. /_:\\t]';
/**
 * The longest run of separators read as one gap between two groups: a longer run ends the number, so
 * that columns of figures laid out with wide gaps are not read as one.
 */
export const MAX_GAP = 3;
/** An RE2 gap between two digit groups: one to `MAX_GAP` separators. */
export const GROUP_GAP = `${GROUP_SEPARATOR}{1,${MAX_GAP}}`;

/** The separators (as published, look-alikes included) the detectors read between digit groups, brackets too. */
const SEPARATORS = `[- ./_:\\t()${SPACES}${DASHES}${WIDE_SEPARATORS}]`;
/**
 * The gap the numeral runs allow between two digits: `MAX_GAP` separators and one more, since a first
 * group in brackets has its closing bracket before its gap ("(一三八) - 0013 - 8000", "(⑰6) - 6768 - 5276").
 */
const GAP_WITH_BRACKETS = `${SEPARATORS}{0,${MAX_GAP + 1}}`;

/**
 * RE2 regex matching every text in which a detector could find an identifier holding a numeral
 * (Chinese or a digit symbol): a numeral with five more digits or numerals before or after it, a gap of
 * `MAX_GAP` separators at most between any two. Every such identifier has at least 11 digits in groups
 * joined by such gaps, so each of its numerals has five on one side; "二〇二四年", "一九四九", "三四个"
 * do not match, and rows holding only those are not probed.
 */
export const NUMERAL_RUN = (() => {
  const digit = `[0-9${NUMERALS_BODY}]`;
  return `${NUMERAL_CLASS}(?:${GAP_WITH_BRACKETS}${digit}){5}|(?:${digit}${GAP_WITH_BRACKETS}){5}${NUMERAL_CLASS}`;
})();

/**
 * The same for a two-digit symbol (⑬), as published: it stands for two of the 11 or more digits, and
 * the others, one or two per character, take five characters or more, so three on one side of it.
 */
export const TWO_DIGIT_RUN = (() => {
  const digit = `[0-9${NUMERALS_BODY}${TWO_DIGIT_SYMBOLS}]`;
  return `${TWO_DIGIT_CLASS}(?:${GAP_WITH_BRACKETS}${digit}){3}|(?:${digit}${GAP_WITH_BRACKETS}){3}${TWO_DIGIT_CLASS}`;
})();

/**
 * RE2 alternatives matching any text in which the detectors could read an identifier only after
 * normalising: a full-width digit or ＠ (or full-width text against an @), another script's digit
 * (astral ones too), an invisible character, another space or dash (or a full-width separator) in a
 * gap between two digits, or a run of digits holding a Chinese numeral or a two-digit symbol. Each
 * matches only text holding such a character, so ordinary rows cost nothing more.
 */
export const UNUSUAL_ROW_FILTERS = [
  `[\uFF10-\uFF19\uFF20${OTHER_DIGITS}${ASTRAL_DIGITS}]`,
  `${FULL_WIDTH_CLASS}@`,
  `@${FULL_WIDTH_CLASS}`,
  INVISIBLE_CLASS,
  `[0-9]${SEPARATORS}{0,${MAX_GAP}}[${SPACES}${DASHES}${WIDE_SEPARATORS}]${SEPARATORS}{0,${MAX_GAP}}[0-9]`,
  NUMERAL_RUN,
  TWO_DIGIT_RUN,
];

const UNUSUAL = new RegExp(UNUSUAL_CLASS, 'u');
const INVISIBLE_ONE = new RegExp(`^${INVISIBLE_CLASS}$`);
const LOOKALIKE_MAP = new Map([...LOOKALIKE_FORMS].map((c, i) => [c, LOOKALIKE_ASCII[i] as string]));

/** How the detectors read a text, with the way back to offsets in the text as written. */
export interface Reading {
  /** Look-alikes as ASCII, two-digit symbols as two circled digits, invisible characters removed. */
  readonly text: string;
  /** The offset in the written text of the character at offset `i` of `text` (`at(text.length)`: its length). */
  at(i: number): number;
  /** The offset in the written text just past the character at offset `i - 1` of `text`. */
  end(i: number): number;
}

/**
 * The text as the detectors read it: look-alikes as ASCII ("１３８…" is the same phone number to a
 * reader, "ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ" the same address, "138　1234　5678" with ideographic spaces the
 * same grouped number, "𝟏𝟑𝟖…" in bold digits too), a two-digit symbol as its two digits in circled
 * numerals (⑬ as ①③: `TWO_DIGIT_MAP`) and invisible characters removed. An astral digit (two UTF-16
 * units) reads as one character and a two-digit symbol as two, so offsets go through `at` and `end`.
 * The SQL scan does the same with `translate` and `regexp_replace` (`readableSql`). For scanning only:
 * published values are never rewritten.
 */
export function readable(text: string): Reading {
  if (!UNUSUAL.test(text)) return { text, at: (i) => i, end: (i) => i };
  const starts: number[] = [];
  const ends: number[] = [];
  let out = '';
  let at = 0;
  for (const c of text) {
    const next = at + c.length;
    if (!INVISIBLE_ONE.test(c)) {
      const read = LOOKALIKE_MAP.get(c) ?? TWO_DIGIT_MAP.get(c) ?? c;
      // An unread astral character stays two units: each maps to its own offset.
      for (let k = 0; k < read.length; k++) {
        starts.push(read.length === c.length ? at + k : at);
        ends.push(read.length === c.length ? at + k + 1 : next);
      }
      out += read;
    }
    at = next;
  }
  starts.push(text.length);
  return { text: out, at: (i) => starts[i] as number, end: (i) => (i === 0 ? 0 : (ends[i - 1] as number)) };
}

/** The prefilter taking a numeral wherever it takes a digit (`[0-9]`, `[0-9Xx]`). */
export function numeralPrefilter(prefilter: string): string {
  return prefilter.replaceAll('[0-9]', `[0-9${NUMERALS_BODY}]`).replaceAll('[0-9Xx]', `[0-9Xx${NUMERALS_BODY}]`);
}
const NUMERAL = new RegExp(NUMERAL_CLASS);
const NUMERAL_MAP = new Map([...NUMERALS].map((c, i) => [c, NUMERAL_DIGITS[i] as string]));
const NUMERALS_G = new RegExp(NUMERAL_CLASS, 'g');

/** Numerals as ASCII digits, one for one (the SQL scan: `translate` with `NUMERALS` and `NUMERAL_DIGITS`). */
export function numeralsAsDigits(text: string): string {
  return text.replace(NUMERALS_G, (c) => NUMERAL_MAP.get(c) ?? c);
}

/** Leftmost-first, non-overlapping matches of an RE2 regex in the readable text, as RE2 extracts them. */
function matchesIn(prefilter: string, read: string): { value: string; start: number }[] {
  const out: { value: string; start: number }[] = [];
  for (const m of read.matchAll(new RegExp(prefilter, 'g'))) {
    if (m[0].length > 0) out.push({ value: m[0], start: m.index });
  }
  return out;
}

/**
 * Candidates of `prefilter` in the readable text; for a detector that reads numerals, also those of
 * its numeral prefilter that hold a numeral, as extracted (`hitsIn` reads the numerals as digits).
 */
function candidatesIn(detector: Detector, read: string): { value: string; start: number }[] {
  const plain = matchesIn(detector.prefilter, read);
  if (!detector.readsNumerals || !NUMERAL.test(read)) return plain;
  const written = matchesIn(numeralPrefilter(detector.prefilter), read).filter((c) => NUMERAL.test(c.value));
  return [...plain, ...written].sort((a, b) => a.start - b.start);
}

/**
 * The identifiers of `detector` in one candidate as its prefilter (or numeral prefilter) extracted
 * it: each value as the detectors read it (numerals as digits) and its offsets in the candidate. A
 * candidate holding a numeral yields only the identifiers holding one: the others are found by the
 * plain prefilter, so nothing is counted twice. The SQL scan confirms its candidates with this too.
 */
export function hitsIn(detector: Detector, candidate: string): { value: string; start: number; end: number }[] {
  const numeral = detector.readsNumerals === true && NUMERAL.test(candidate);
  const read = numeral ? numeralsAsDigits(candidate) : candidate;
  const spans = detector.find ? detector.find(read) : detector.validate(read) ? [[0, read.length] as const] : [];
  return spans
    .filter(([s, e]) => !numeral || NUMERAL.test(candidate.slice(s, e)))
    .map(([s, e]) => ({ value: read.slice(s, e), start: s, end: e }));
}

/** Confirmed matches of one detector in `text`, with offsets into `text`. */
export function findWith(detector: Detector, text: string): DetectorMatch[] {
  const read = readable(text);
  return candidatesIn(detector, read.text).flatMap((c) =>
    hitsIn(detector, c.value).map((h) => ({
      detector: detector.id,
      value: h.value,
      start: read.at(c.start + h.start),
      end: read.end(c.start + h.end),
    })),
  );
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
