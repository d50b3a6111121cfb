import {
  isInitials,
  PINYIN_INITIALS_STRENGTH,
  PINYIN_STRENGTH,
  type PinyinText,
  wholeWordsAt,
} from './pinyin-match.ts';
import { forEachPosting, hasKeyWithPrefix, type Postings, PostingsBuilder } from './postings.ts';
import type { WorkMeter } from './work-meter.ts';

/**
 * The pinyin of a catalogue snapshot, searchable without visiting every field. A full-pinyin match starts
 * where a word starts and covers 2+ syllables (pinyinStrength), so it begins with the first two syllables
 * after some word start: those are the keys of `starts`, and a query key is looked up by its prefixes of
 * 2 to `longestStart` letters, then each candidate checked exactly as pinyinStrength does (wholeWordsAt).
 * The initials of every word are postings. Dictionary-free: the API fills it (pinyin-index.ts).
 */
export interface PinyinPostings {
  readonly texts: readonly PinyinText[];
  /** The first two syllables after a word start → where: text and position, in pairs. */
  readonly starts: ReadonlyMap<string, readonly number[]>;
  /** starts' keys, sorted: whether some start begins with a short key. */
  readonly startKeys: readonly string[];
  readonly longestStart: number;
  /** Text t (its index as key) → the documents whose titles or keywords have it. */
  readonly byText: Postings;
  /** Initials (` tq `, ` xzqh `) → documents. */
  readonly initials: Postings;
}

/** Collects the pinyin of the fields of each document, documents in ascending order. */
export class PinyinPostingsBuilder {
  private readonly ids = new Map<PinyinText, number>();
  private readonly byText: PostingsBuilder;
  private readonly initials: PostingsBuilder;
  constructor(weightCount: number) {
    this.byText = new PostingsBuilder(weightCount);
    this.initials = new PostingsBuilder(weightCount);
  }

  add(p: PinyinText, doc: number, w: number): void {
    let id = this.ids.get(p);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(p, id);
    }
    this.byText.add(String(id), doc, w);
    for (const i of p.initials.split(' ')) if (i) this.initials.add(i, doc, w);
  }

  finish(): PinyinPostings {
    const texts = [...this.ids.keys()];
    const starts = new Map<string, number[]>();
    let longestStart = 0;
    texts.forEach((p, t) => {
      const { full, marks } = p;
      // Syllable boundaries: every mark but '.'; a '|' separates the runs of CJK characters.
      for (let a = 0; a < full.length; a++) {
        if (marks[a] !== 'w' || full[a] === '|') continue;
        let b1 = a + 1;
        while (b1 < full.length && marks[b1] === '.') b1++;
        let b2 = b1 + 1;
        while (b2 < full.length && marks[b2] === '.') b2++;
        if (b2 > full.length) continue;
        const key = full.slice(a, b2);
        if (key.includes('|')) continue;
        longestStart = Math.max(longestStart, key.length);
        const at = starts.get(key);
        if (at) at.push(t, a);
        else starts.set(key, [t, a]);
      }
    });
    return {
      texts,
      starts,
      startKeys: [...starts.keys()].sort(),
      longestStart,
      byText: this.byText.finish(),
      initials: this.initials.finish(),
    };
  }
}

export interface PinyinScores {
  /** Document → best (pinyin strength x field weight). */
  readonly scores: Map<number, number>;
  /** Some text has the key from a word start on: a longer key that starts with it may match. */
  readonly occurs: boolean;
}

/**
 * Per document, the best pinyinStrength(key, field pinyin, joins) x field weight over its titles and
 * keywords, for the documents where it reaches PINYIN_INITIALS_STRENGTH or PINYIN_STRENGTH.
 */
export function pinyinScores(
  pp: PinyinPostings,
  key: string,
  joins: readonly number[],
  weights: readonly number[],
  meter?: WorkMeter,
): PinyinScores {
  const scores = new Map<number, number>();
  const put = (doc: number, v: number) => {
    const had = scores.get(doc);
    if (had === undefined || v > had) scores.set(doc, v);
  };
  const matched = new Set<number>();
  let occurs = false;
  for (let len = 2; len <= Math.min(key.length, pp.longestStart); len++) {
    const at = pp.starts.get(key.slice(0, len));
    if (meter) meter.units += 1 + (at?.length ?? 0) / 2;
    if (!at) continue;
    for (let i = 0; i < at.length; i += 2) {
      const t = at[i] as number;
      const p = pp.texts[t] as PinyinText;
      if (!p.full.startsWith(key, at[i + 1] as number)) continue;
      occurs = true;
      if (wholeWordsAt(p, key, at[i + 1] as number, joins)) matched.add(t);
    }
  }
  if (!occurs) occurs = hasKeyWithPrefix(pp.startKeys, key);
  for (const t of matched) {
    forEachPosting(pp.byText, String(t), (doc, w) => {
      if (meter) meter.units++;
      put(doc, PINYIN_STRENGTH * (weights[w] as number));
    });
  }
  if (joins.length === 0 && isInitials(key)) {
    forEachPosting(pp.initials, key, (doc, w) => {
      if (meter) meter.units++;
      put(doc, PINYIN_INITIALS_STRENGTH * (weights[w] as number));
    });
  }
  return { scores, occurs };
}
