import type { DatasetEntry } from '../schema.ts';
import type { Homophones } from './homophones.ts';
import type { PinyinText } from './pinyin-match.ts';
import { type PinyinPostings, PinyinPostingsBuilder } from './pinyin-postings.ts';
import { forEachPosting, type Postings, PostingsBuilder } from './postings.ts';
import { FIELD_WEIGHTS, forEachSearchText, type SearchField } from './search-fields.ts';
import { CJK_RUN, latinWords, normalizeText, stem, VALUE_SEPARATOR } from './text-match.ts';
import { type TypoVocabulary, TypoVocabularyBuilder } from './typo-vocabulary.ts';

/**
 * What a catalogue snapshot's search needs, computed once per snapshot instead of once per request (pentest
 * finding F7): every field normalized, postings of its Latin words, CJK characters and CJK bigrams, the
 * vocabulary for typo correction, and the tie order. A query then visits only the postings of its terms
 * and checks only the fields of candidate documents (search-index-query.ts), so its cost follows what it
 * matches, not the size of the catalogue. The answers are those of rank.ts and did-you-mean.ts, which
 * stay the reference (rank.ts is also the site's offline matcher; did-you-mean.ts is not used offline);
 * a test compares the two.
 *
 * `entries` are the snapshot's datasets; `core` depends only on their searchable texts, ids and update
 * times, so a refreshed snapshot with the same ones reuses it (search-index-cache.ts).
 */
export interface SearchIndex {
  readonly entries: readonly DatasetEntry[];
  readonly core: IndexCore;
}

export const FIELD_KINDS: readonly SearchField['kind'][] = [
  'title',
  'id',
  'keyword',
  'publisher',
  'field',
  'description',
  'field-description',
  'theme',
  'value',
];
const KIND_INDEX = new Map(FIELD_KINDS.map((k, i) => [k, i]));
export const TITLE_KIND = KIND_INDEX.get('title') as number;
export const THEME_KIND = KIND_INDEX.get('theme') as number;
export const VALUE_KIND = KIND_INDEX.get('value') as number;

export interface IndexCore {
  readonly docCount: number;
  /** The distinct field weights, ascending; postings and fields refer to them by index. */
  readonly weights: readonly number[];
  /** Document d's fields are fieldStart[d] .. fieldStart[d + 1] - 1, in searchFields order. */
  readonly fieldStart: Int32Array;
  /** Normalized text of each field (normalizeText). */
  readonly fieldText: readonly string[];
  /** Index in FIELD_KINDS. */
  readonly fieldKind: Uint8Array;
  /** Index in weights. */
  readonly fieldWeight: Uint8Array;
  /** 1 when the field has a CJK character. */
  readonly fieldCjk: Uint8Array;
  /** Latin word (latinWords) → documents. */
  readonly latin: Postings;
  /** Every Latin word, sorted by code units: the words a prefix starts are one range. */
  readonly words: readonly string[];
  /** Stem → its words, when that is not just the stem itself. */
  readonly stemGroups: ReadonlyMap<string, readonly string[]>;
  /** CJK character, and two neighbouring CJK characters → documents. */
  readonly cjk: Postings;
  /**
   * A whole value of the data (one of a value field's values, normalized, without a space: a query term
   * has none) → the distinct value texts (a column's values, joined) that hold it → documents: a term that
   * is one scores WHOLE_VALUE_SCORE (search-fields.ts). Keyed by text, not by document, because the same
   * column of values recurs in many datasets (provinces, states): each text's values are indexed once.
   */
  readonly wholeValues: { readonly texts: Postings; readonly docs: Postings };
  /**
   * Documents with a letter or digit outside the BMP that is not CJK: there an id-like term can start right
   * after a character that latinWords keeps in the word before it, so they are always checked for id terms.
   */
  readonly astralDocs: Int32Array;
  readonly typo: TypoVocabulary;
  /** Position of each document in the tie order (most recently updated first, then id): rank.ts's ties. */
  readonly tieRank: Int32Array;
  /** The documents in tie order. */
  readonly tieOrder: Int32Array;
  /** Position of each document by title (sort=title), per language; computed on first use. */
  readonly titleRank: Map<string, Int32Array>;
  /** The pinyin of titles and keywords: set at build when the fields carry it, else by pinyin-index.ts. */
  pinyin?: PinyinPostings;
  /**
   * What gave `pinyin` when addPinyin did (pinyin-index.ts's memoized converter), and the pinyin it gave
   * each field: the explanation of a value match (matched-values.ts) reads the same pinyin the ranking did.
   */
  pinyinOf?: FieldPinyin;
  fieldPinyin?: readonly (PinyinText | undefined)[];
  /**
   * The words of titles and keywords by their pinyin, for the homophone correction (homophones.ts): set by
   * pinyin-index.ts's withHomophones on the first query that finds nothing and has a Chinese term.
   */
  homophones?: Homophones;
}

/** The pinyin of a normalized field text of a kind, or undefined when that kind gets none or it has no Chinese. */
export type FieldPinyin = (text: string, kind: SearchField['kind']) => PinyinText | undefined;

const ASTRAL_NOT_CJK = /[\u{10000}-\u{1ffff}\u{31350}-\u{10ffff}]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** What the index takes from one distinct text; a catalogue repeats many (publishers, column names). */
interface TextKeys {
  /** Distinct Latin words. */
  readonly words: readonly string[];
  /** Distinct CJK characters and bigrams. */
  readonly cjk: readonly string[];
  /** An astral letter or digit that is not CJK (see IndexCore.astralDocs). */
  readonly astral: boolean;
  /** In how many fields of the catalogue the text is. */
  count: number;
  /** As a value field's text: its id among the value texts (IndexCore.wholeValues). */
  valueText?: number;
}

function keysOf(text: string): TextKeys {
  const cjk = new Set<string>();
  for (const m of text.matchAll(CJK_RUN)) {
    let prev = '';
    for (const c of m[0]) {
      cjk.add(c);
      if (prev) cjk.add(prev + c);
      prev = c;
    }
  }
  let astral = false;
  if (/[\ud800-\udfff]/.test(text)) {
    for (const m of text.matchAll(ASTRAL_NOT_CJK)) if (LETTER_OR_DIGIT.test(m[0])) astral = true;
  }
  return { words: [...new Set(latinWords(text))], cjk: [...cjk], astral, count: 0 };
}

type FieldVisitor = (kind: SearchField['kind'], weight: number, text: string, pinyin?: PinyinText) => void;

/**
 * Visits each entry's fields: searchFields' (each distinct text normalized once: a catalogue repeats
 * publishers, column names and their descriptions), or `fieldsOf`'s. Returns the weights they can have.
 */
function fieldSource(
  entries: readonly DatasetEntry[],
  fieldsOf: ((entry: DatasetEntry) => readonly SearchField[]) | undefined,
): { weights: number[]; each: (doc: number, visit: FieldVisitor) => void } {
  if (fieldsOf) {
    const all = entries.map((e) => fieldsOf(e));
    return {
      weights: [...new Set(all.flatMap((fs) => fs.map((f) => f.weight)))],
      each: (doc, visit) => {
        for (const f of all[doc] ?? []) visit(f.kind, f.weight, f.text, f.pinyin);
      },
    };
  }
  const normalized = new Map<string, string>();
  return {
    weights: [...new Set(Object.values(FIELD_WEIGHTS))],
    each: (doc, visit) =>
      forEachSearchText(entries[doc] as DatasetEntry, (kind, raw) => {
        let text = normalized.get(raw);
        if (text === undefined) {
          text = normalizeText(raw);
          normalized.set(raw, text);
        }
        visit(kind, FIELD_WEIGHTS[kind], text);
      }),
  };
}

/**
 * Builds the index of `entries`. `fieldsOf` gives each entry's searchable fields (by default searchFields,
 * or with the pinyin of titles and keywords: pinyinSearchFields); their pinyin, if any, is indexed too.
 */
export function buildSearchIndex(
  entries: readonly DatasetEntry[],
  fieldsOf?: (entry: DatasetEntry) => readonly SearchField[],
): SearchIndex {
  const source = fieldSource(entries, fieldsOf);
  const weights = source.weights.sort((a, b) => a - b);
  const weightIndex = new Map(weights.map((w, i) => [w, i]));
  const fieldStart = new Int32Array(entries.length + 1);
  const fieldText: string[] = [];
  const fieldKind: number[] = [];
  const fieldWeight: number[] = [];
  const fieldCjk: number[] = [];
  const latin = new PostingsBuilder(weights.length);
  const cjk = new PostingsBuilder(weights.length);
  const wholeValueTexts = new PostingsBuilder(1);
  const valueTextDocs = new PostingsBuilder(1);
  let valueTexts = 0;
  const keys = new Map<string, TextKeys>();
  const astralDocs: number[] = [];
  let pinyin: PinyinPostingsBuilder | undefined;
  const fieldPinyin: (PinyinText | undefined)[] = [];
  let f = 0;
  let astral = false;
  let doc = 0;
  const visit: FieldVisitor = (kind, weight, text, p) => {
    const w = weightIndex.get(weight) as number;
    let k = keys.get(text);
    if (!k) {
      k = keysOf(text);
      keys.set(text, k);
    }
    k.count++;
    fieldText.push(text);
    fieldKind.push(KIND_INDEX.get(kind) ?? 0);
    fieldWeight.push(w);
    fieldCjk.push(k.cjk.length ? 1 : 0);
    for (const word of k.words) latin.add(word, doc, w);
    for (const c of k.cjk) cjk.add(c, doc, w);
    if (kind === 'value') {
      if (k.valueText === undefined) {
        k.valueText = valueTexts++;
        for (const v of text.split(VALUE_SEPARATOR)) if (v && !v.includes(' ')) wholeValueTexts.add(v, k.valueText, 0);
      }
      valueTextDocs.add(String(k.valueText), doc, 0);
    }
    astral ||= k.astral;
    if (p) {
      pinyin ??= new PinyinPostingsBuilder(weights.length);
      pinyin.add(p, doc, w);
      fieldPinyin[f] = p;
    }
    f++;
  };
  for (; doc < entries.length; doc++) {
    fieldStart[doc] = f;
    astral = false;
    source.each(doc, visit);
    if (astral) astralDocs.push(doc);
  }
  fieldStart[entries.length] = f;
  const typo = new TypoVocabularyBuilder();
  for (const k of keys.values()) typo.addText(k.words, k.count);
  keys.clear();
  const latinPostings = latin.finish();
  const words = [...latinPostings.slots.keys()].sort();
  const stemGroups = new Map<string, string[]>();
  for (const w of words) {
    const s = stem(w);
    if (s === w) continue;
    const group = stemGroups.get(s);
    if (group) group.push(w);
    else stemGroups.set(s, latinPostings.slots.has(s) && stem(s) === s ? [s, w] : [w]);
  }
  const tieOrder = Int32Array.from(entries.keys()).sort((a, b) => tieCompare(entries[a], entries[b]));
  const tieRank = new Int32Array(entries.length);
  tieOrder.forEach((doc, rank) => {
    tieRank[doc] = rank;
  });
  const core: IndexCore = {
    docCount: entries.length,
    weights,
    fieldStart,
    fieldText,
    fieldKind: Uint8Array.from(fieldKind),
    fieldWeight: Uint8Array.from(fieldWeight),
    fieldCjk: Uint8Array.from(fieldCjk),
    latin: latinPostings,
    words,
    stemGroups,
    cjk: cjk.finish(),
    wholeValues: { texts: wholeValueTexts.finish(), docs: valueTextDocs.finish() },
    astralDocs: Int32Array.from(astralDocs),
    typo: typo.finish(),
    tieRank,
    tieOrder,
    titleRank: new Map(),
    ...(pinyin ? { pinyin: pinyin.finish(), fieldPinyin } : {}),
  };
  return { entries, core };
}

/** rank.ts's order of equal scores, and sort=updated: most recently updated first, then id. */
function tieCompare(a: DatasetEntry | undefined, b: DatasetEntry | undefined): number {
  if (!a || !b) return 0;
  return b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id);
}

/** Calls `visit(doc)` for each document with `value` as one whole value of its data (IndexCore.wholeValues). */
export function forEachWholeValue(core: IndexCore, value: string, visit: (doc: number) => void): void {
  forEachPosting(core.wholeValues.texts, value, (text) => forEachPosting(core.wholeValues.docs, String(text), visit));
}

/** The words of a stem: those stemGroups lists, or the stem alone when it is a word of its own. */
export function wordsOfStem(core: IndexCore, s: string): readonly string[] {
  return core.stemGroups.get(s) ?? (core.latin.slots.has(s) && stem(s) === s ? [s] : []);
}

/**
 * Fills the index's pinyin from `pinyinOf` for the fields whose kind `kinds` lists (titles and keywords),
 * once: the API calls it for the first query that may be pinyin (pinyin-index.ts).
 */
export function addPinyin(
  core: IndexCore,
  kinds: ReadonlySet<SearchField['kind']>,
  pinyinOf: FieldPinyin,
): PinyinPostings {
  if (core.pinyin) return core.pinyin;
  const builder = new PinyinPostingsBuilder(core.weights.length);
  const fieldPinyin: (PinyinText | undefined)[] = new Array(core.fieldText.length);
  for (let doc = 0; doc < core.docCount; doc++) {
    for (let f = core.fieldStart[doc] as number; f < (core.fieldStart[doc + 1] as number); f++) {
      const kind = FIELD_KINDS[core.fieldKind[f] as number] as SearchField['kind'];
      if (!kinds.has(kind)) continue;
      const p = pinyinOf(core.fieldText[f] as string, kind);
      if (p) builder.add(p, doc, core.fieldWeight[f] as number);
      fieldPinyin[f] = p;
    }
  }
  core.pinyinOf = pinyinOf;
  core.fieldPinyin = fieldPinyin;
  core.pinyin = builder.finish();
  return core.pinyin;
}
