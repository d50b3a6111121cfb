/**
 * Pinyin matching of catalogue search: `tianqi`, `tian qi` and `tq` find 天气, `xingzhengquhua` and
 * `xzqh` find 行政区划. Pure and dictionary-free: it matches a Latin query term against a PinyinText,
 * the pinyin of a field's Chinese text precomputed by the API (pinyin-index.ts, with pinyin-pro). The
 * site's offline search imports the matcher (rank.ts) but never fills `SearchField.pinyin`, so no
 * pinyin dictionary reaches the browser, and offline search has no pinyin.
 *
 * Precision first (搜不准 is a failure too): an English word must not start finding Chinese text.
 * - Full pinyin matches only whole Chinese words (Intl.Segmenter's words of a CJK run, or several
 *   neighbouring ones) and only 2+ syllables: `tianqi` = 天气, but `qi` alone is not 气, `tianq` is not
 *   天气, and `tian` is no word. English words that read as one syllable (`long`, `pan`, `men`) never match.
 * - Initials match only a whole word (or a whole CJK run, such as a keyword) of exactly that many
 *   characters, and only a term of 2+ letters that are all consonant initials: `tq` = 天气, `xzqh` =
 *   行政区划; `la` (a vowel) never reads as initials.
 * - A pinyin match is weaker than the direct match of the same kind (see PINYIN_STRENGTH).
 */

import { parseQuery } from './text-match.ts';

/** The pinyin of the Chinese text of one field, precomputed (pinyin-index.ts). */
export interface PinyinText {
  /** Tone-less pinyin (ü as v) of each CJK run, syllables joined; runs separated by `|`. */
  readonly full: string;
  /**
   * One mark per position between characters of `full` (length full.length + 1): `w` where a Chinese
   * word starts or ends, `s` between two syllables of one word, `.` elsewhere (inside a syllable).
   */
  readonly marks: string;
  /** Initials of each word of 2+ characters and of each whole CJK run, each between spaces: ` tq xzqh `. */
  readonly initials: string;
  /**
   * The pinyin of a column's values (pinyin-index.ts's valuePinyinOf): for each run of `full` (the runs
   * between `|`), the index of the value it is of, so that a match names its value without testing each
   * (matched-values.ts).
   */
  readonly runValues?: readonly number[];
}

/** Strength of a full-pinyin match: under every direct Latin match (1, 0.9, 0.8), above the threshold (0.5). */
export const PINYIN_STRENGTH = 0.7;
/** Initials say less than full syllables. */
export const PINYIN_INITIALS_STRENGTH = 0.6;
/** A full-pinyin match covers at least this many syllables (one-syllable English words never match). */
export const MIN_PINYIN_SYLLABLES = 2;

/** Letters that start a pinyin syllable with a consonant (y and w included): what initials can be. */
const INITIALS = /^[bpmfdtnlgkhjqxzcsryw]{2,}$/;
/** Tone marks (grave, acute, macron, caron); the diaeresis of ü is kept. */
const TONE_MARKS = /[\u0300\u0301\u0304\u030c]/g;

/**
 * A query term as pinyin: lower-case letters, tone marks dropped, ü written v (`tiānqì` → `tianqi`,
 * `lǜ` → `lv`). Undefined for anything else (CJK, digits, ids).
 */
export function pinyinKey(term: string): string | undefined {
  if (/^[a-z]+$/.test(term)) return term;
  const key = term.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC').replaceAll('ü', 'v');
  return /^[a-z]+$/.test(key) ? key : undefined;
}

/** Whether any term of the query could be pinyin: only then does the API load pinyin-index.ts. */
export function mayBePinyin(q: string | undefined): boolean {
  return q !== undefined && parseQuery(q).some((t) => !t.cjk && pinyinKey(t.text) !== undefined);
}

/**
 * How well pinyin `key` (from pinyinKey) matches a field's PinyinText: PINYIN_STRENGTH for the full
 * syllables of whole words, PINYIN_INITIALS_STRENGTH for the initials of a whole word, else 0.
 * `joins` are the offsets in `key` where the user put a space (`tian qi` → `tianqi`, [4]): each must
 * fall between two syllables.
 */
export function pinyinStrength(key: string, p: PinyinText, joins: readonly number[] = []): number {
  for (let at = p.full.indexOf(key); at !== -1; at = p.full.indexOf(key, at + 1)) {
    if (wholeWordsAt(p, key, at, joins)) return PINYIN_STRENGTH;
  }
  if (joins.length === 0 && isInitials(key) && p.initials.includes(` ${key} `)) return PINYIN_INITIALS_STRENGTH;
  return 0;
}

/**
 * Whether `key`, found in `p.full` at `at`, spans whole words of MIN_PINYIN_SYLLABLES+ syllables with each
 * of `joins` between two syllables. Shared with the API's index (pinyin-postings.ts), so both match alike.
 */
export function wholeWordsAt(p: PinyinText, key: string, at: number, joins: readonly number[]): boolean {
  const { marks } = p;
  const end = at + key.length;
  if (marks[at] !== 'w' || marks[end] !== 'w') return false;
  if (joins.some((j) => marks[at + j] === '.')) return false;
  let syllables = 1;
  for (let i = at + 1; i < end; i++) if (marks[i] !== '.') syllables++;
  return syllables >= MIN_PINYIN_SYLLABLES;
}

/** A key that can be initials: 2+ letters, every one a consonant that starts a syllable. */
export const isInitials = (key: string): boolean => INITIALS.test(key);
