import { pinyin } from 'pinyin-pro';
import type { DatasetEntry } from '../schema.ts';
import {
  buildHomophones,
  type Homophones,
  MAX_HOMOPHONE_CHARS,
  MIN_HOMOPHONE_CHARS,
  type PinyinWord,
} from './homophones.ts';
import type { PinyinText } from './pinyin-match.ts';
import type { PinyinPostings } from './pinyin-postings.ts';
import { type SearchField, searchFields } from './search-fields.ts';
import { addPinyin, FIELD_KINDS, type FieldPinyin, type SearchIndex } from './search-index.ts';
import { CJK_RUN, VALUE_SEPARATOR } from './text-match.ts';

/**
 * The pinyin of the catalogue's Chinese text, for the API only (pinyin-pro, MIT: its dictionary is
 * about 1 MB unpacked, which the browser must never download; the site's offline search gets no
 * pinyin). Only titles, keywords and the values of the data (value-profile.ts) get pinyin: they name
 * what a dataset is, or what is in it (`haidian` → 海淀区, `zhejiangsheng` → 浙江省). Descriptions and column
 * texts are long and full of common words (数据, 代码, 日期), so a pinyin query would find nearly every
 * dataset through them (搜不准). Values get full syllables only, no initials (valuePinyinOf).
 */
export const PINYIN_FIELD_KINDS: ReadonlySet<SearchField['kind']> = new Set(['title', 'keyword', 'value']);

/** Words of a CJK run by ICU's dictionary (西雅图逐日天气 → 西雅图 / 逐日 / 天气); Node ships full ICU. */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Texts already converted (a text's pinyin never changes), so a request after the first converts nothing new. */
const cache = new Map<string, PinyinText | null>();
/** The cache is dropped when it grows past this (a catalogue of a few thousand datasets fits). */
const MAX_CACHED = 50_000;

/** The pinyin of a normalized text's CJK runs; undefined when it has none. Memoized. */
export function pinyinOf(text: string): PinyinText | undefined {
  let p = cache.get(text);
  if (p === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    p = computePinyin(text) ?? null;
    cache.set(text, p);
  }
  return p ?? undefined;
}

/**
 * Administrative suffixes a place name ends with (浙江省, 杭州市, 海淀区, 城关镇): in a value, a word of its
 * own, so that the name without it is a whole word too (`zhejiang` finds 浙江省, as `haidian` finds 海淀区,
 * which the segmenter already splits). Only after two characters or more (杭州 stays one word), and only
 * in values: a title's or keyword's words are the segmenter's. Longest first.
 */
const PLACE_SUFFIXES = ['自治区', '自治州', '自治县', '自治旗', '街道', '省', '市', '区', '县', '旗', '盟', '镇', '乡'];

/** The extra word start of a CJK run that ends with a place suffix (PLACE_SUFFIXES), if any. */
function suffixStart(run: readonly string[]): number | undefined {
  const text = run.join('');
  for (const suffix of PLACE_SUFFIXES) {
    const n = Array.from(suffix).length;
    if (run.length - n >= 2 && text.endsWith(suffix)) return run.length - n;
  }
  return undefined;
}

/** Values already converted: one value's pinyin, and a column's (joined) pinyin, by their text. */
const valueCache = new Map<string, PinyinText | null>();

function memoValue(text: string, compute: () => PinyinText | undefined): PinyinText | undefined {
  let p = valueCache.get(text);
  if (p === undefined) {
    if (valueCache.size >= MAX_CACHED) valueCache.clear();
    p = compute() ?? null;
    valueCache.set(text, p);
  }
  return p ?? undefined;
}

/** One value's pinyin: full syllables, its place suffix a word of its own, no initials. Memoized. */
function oneValuePinyin(value: string): PinyinText | undefined {
  return memoValue(`\u0002${value}`, () => {
    const p = computePinyin(value, suffixStart);
    return p && { ...p, initials: ' ' };
  });
}

/**
 * The pinyin of a column's values (joined by VALUE_SEPARATOR: search-fields.ts): each value's full
 * syllables, converted once per distinct value (values repeat across datasets: provinces, districts)
 * and joined as computePinyin joins runs (`|`), without initials. Two-letter initials are what
 * two-character place names read as (`ny` 南阳, `sz` 深圳), so abbreviations (`NY`, `SF`) would find
 * every dataset with such a value; a keyword is chosen by a person, a value is not. Memoized by the
 * column's text, so that the same column in many entries is one pinyin text of the index.
 */
export function valuePinyinOf(text: string): PinyinText | undefined {
  if (!text.includes(VALUE_SEPARATOR)) return oneValuePinyin(text);
  return memoValue(text, () => {
    const parts: PinyinText[] = [];
    const runValues: number[] = [];
    text.split(VALUE_SEPARATOR).forEach((value, v) => {
      const p = oneValuePinyin(value);
      if (!p) return;
      parts.push(p);
      for (let r = p.full.split('|').length; r > 0; r--) runValues.push(v);
    });
    if (parts.length === 0) return undefined;
    // Each part's marks have one more entry than its syllables; the `|` between two parts takes none.
    return {
      full: parts.map((p) => p.full).join('|'),
      marks: parts.map((p) => p.marks).join(''),
      initials: ' ',
      runValues,
    };
  });
}

/** The pinyin a field of `kind` is searched by (PINYIN_FIELD_KINDS; values without initials). */
export const fieldPinyinOf: FieldPinyin = (text, kind) => {
  if (!PINYIN_FIELD_KINDS.has(kind)) return undefined;
  return kind === 'value' ? valuePinyinOf(text) : pinyinOf(text);
};

/** Fields with the pinyin of their Chinese text filled in for PINYIN_FIELD_KINDS (others unchanged). */
export function withPinyin(fields: readonly SearchField[]): SearchField[] {
  return fields.map((f) => {
    const p = fieldPinyinOf(f.text, f.kind);
    return p ? { ...f, pinyin: p } : f;
  });
}

/** searchFields with pinyin: what the API searches. */
export const pinyinSearchFields = (d: DatasetEntry): SearchField[] => withPinyin(searchFields(d));

/** The pinyin of an index's titles, keywords and values, added once (the first query that may be pinyin). */
export const withPinyinIndex = (index: SearchIndex): PinyinPostings =>
  addPinyin(index.core, PINYIN_FIELD_KINDS, fieldPinyinOf);

/** Texts already split into words with their pinyin (homophoneWordsOf), by text. */
const wordCache = new Map<string, readonly PinyinWord[]>();

/**
 * The words of a normalized title or keyword with their tone-less pinyin, for the homophone correction
 * (homophones.ts): each CJK run's words (the segmenter's, as pinyinOf's), and with `whole` (a keyword) the
 * whole run too, of MIN_HOMOPHONE_CHARS to MAX_HOMOPHONE_CHARS characters each. A run is converted whole,
 * as pinyinOf does, so polyphones read as in their context. Memoized.
 */
export function homophoneWordsOf(text: string, whole: boolean): readonly PinyinWord[] {
  const cacheKey = whole ? `\u0003${text}` : text;
  let words = wordCache.get(cacheKey);
  if (words === undefined) {
    if (wordCache.size >= MAX_CACHED) wordCache.clear();
    words = computeWords(text, whole);
    wordCache.set(cacheKey, words);
  }
  return words;
}

function computeWords(text: string, whole: boolean): PinyinWord[] {
  const out: PinyinWord[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const run = Array.from(m[0]);
    if (run.length < MIN_HOMOPHONE_CHARS) continue;
    const syllables = pinyin(m[0], { toneType: 'none', type: 'array', v: true });
    if (syllables.length !== run.length) continue;
    const add = (from: number, to: number) => {
      if (to - from < MIN_HOMOPHONE_CHARS || to - from > MAX_HOMOPHONE_CHARS) return;
      const read = syllables.slice(from, to);
      if (read.every((s) => /^[a-z]+$/.test(s))) out.push([run.slice(from, to).join(''), read.join('')]);
    };
    let at = 0;
    for (const s of segmenter.segment(m[0])) {
      const n = Array.from(s.segment).length;
      add(at, at + n);
      at += n;
    }
    if (whole) add(0, run.length);
  }
  return out;
}

/** The tone-less pinyin of a Chinese query term, one syllable per character, joined; else undefined. */
export function homophoneKey(term: string): string | undefined {
  const syllables = pinyin(term, { toneType: 'none', type: 'array', v: true });
  if (syllables.length !== Array.from(term).length || !syllables.every((s) => /^[a-z]+$/.test(s))) return undefined;
  return syllables.join('');
}

const TITLE = FIELD_KINDS.indexOf('title');
const KEYWORD = FIELD_KINDS.indexOf('keyword');

/**
 * The homophone vocabulary of an index (the words of its titles and keywords by their pinyin), built once:
 * the API calls it for the first query that finds nothing and has a Chinese term (search-datasets.ts).
 */
export function withHomophones(index: SearchIndex): Homophones {
  const { core } = index;
  core.homophones ??= buildHomophones(
    core.docCount,
    function* (doc) {
      for (let f = core.fieldStart[doc] as number; f < (core.fieldStart[doc + 1] as number); f++) {
        const kind = core.fieldKind[f];
        if (kind === TITLE || kind === KEYWORD) yield* homophoneWordsOf(core.fieldText[f] as string, kind === KEYWORD);
      }
    },
    homophoneKey,
  );
  return core.homophones;
}

/**
 * Initials of a word inside a longer run count from this length: two letters are too common (`sj`, `dl`,
 * `js`, `sf` read as 省级, 地理, 降水, 省份) to match every segmented word. A whole run (a keyword such as
 * 天气, a two-character title) gives its initials from 2 letters: `tq`, `jc`.
 */
const MIN_WORD_INITIALS = 3;

function computePinyin(
  text: string,
  /** A word start to add to a run's (values: suffixStart). */
  extraStart?: (run: readonly string[]) => number | undefined,
): PinyinText | undefined {
  let full = '';
  const marks: string[] = [];
  const initials: string[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    // The whole run gives pinyin-pro the context it needs for polyphones (行政 xing, 银行 hang).
    const run = Array.from(m[0]);
    const syllables = pinyin(m[0], { toneType: 'none', type: 'array', v: true });
    if (syllables.length !== run.length) continue; // not one syllable per character: skip rather than misalign
    // A word starts at these character indices; a character without pinyin ends the words around it.
    const wordStarts = new Set<number>();
    let i = 0;
    for (const s of segmenter.segment(m[0])) {
      wordStarts.add(i);
      i += Array.from(s.segment).length;
    }
    const extra = extraStart?.(run);
    if (extra !== undefined) wordStarts.add(extra);
    let start = 0; // first character of the current stretch of characters with pinyin
    const flush = (end: number) => {
      if (end > start)
        addStretch(
          syllables.slice(start, end),
          [...wordStarts].map((w) => w - start),
        );
      start = end + 1;
    };
    for (let c = 0; c < run.length; c++) if (!/^[a-z]+$/.test(syllables[c] ?? '')) flush(c);
    flush(run.length);
  }
  if (!full) return undefined;
  return {
    full,
    marks: Array.from({ length: full.length + 1 }, (_, i) => marks[i] ?? '.').join(''),
    initials: ` ${initials.join(' ')} `,
  };

  function addStretch(syllables: string[], wordStarts: number[]) {
    if (full) full += '|';
    const starts = new Set(wordStarts.filter((w) => w > 0 && w < syllables.length));
    marks[full.length] = 'w';
    const wordInitials = (from: number, to: number) =>
      syllables
        .slice(from, to)
        .map((s) => s[0])
        .join('');
    let wordFrom = 0;
    syllables.forEach((s, k) => {
      if (k > 0) {
        marks[full.length] = starts.has(k) ? 'w' : 's';
        if (starts.has(k)) {
          if (k - wordFrom >= MIN_WORD_INITIALS) initials.push(wordInitials(wordFrom, k));
          wordFrom = k;
        }
      }
      full += s;
    });
    marks[full.length] = 'w';
    if (syllables.length - wordFrom >= MIN_WORD_INITIALS && wordFrom > 0) {
      initials.push(wordInitials(wordFrom, syllables.length));
    }
    if (syllables.length >= 2) initials.push(wordInitials(0, syllables.length));
  }
}
