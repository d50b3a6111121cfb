import { THEMES } from '../../manifest/vocabulary.ts';
import type { DatasetEntry } from '../schema.ts';
import type { PinyinText } from './pinyin-match.ts';
import { normalizeText, VALUE_SEPARATOR } from './text-match.ts';

/** A searchable text of a dataset with the weight a match in it carries. */
export interface SearchField {
  readonly kind:
    | 'id'
    | 'title'
    | 'keyword'
    | 'publisher'
    | 'field'
    | 'description'
    | 'field-description'
    | 'theme'
    | 'value';
  readonly weight: number;
  /** Normalized text (see normalizeText). */
  readonly text: string;
  /**
   * The pinyin of the text's Chinese, when a pinyin query may match it. Only the API fills it
   * (pinyin-index.ts: withPinyin); the site's offline search leaves it out, so no pinyin dictionary
   * reaches the browser.
   */
  readonly pinyin?: PinyinText;
}

/**
 * Titles above keywords above publishers and column names above descriptions, then the labels of the
 * dataset's themes (the controlled vocabulary's, in both languages: `司法`, `justice`, `科学技术`), and every
 * one of them above the values in the data (the value profile, value-profile.ts). A term's score is its
 * strength (at least MATCH_THRESHOLD, 0.5, and at most 1) times the weight, so a term found in a value,
 * under half the lightest metadata weight, scores below any metadata match of it; a term that IS a whole
 * value scores WHOLE_VALUE_SCORE instead, below the metadata's whole words but above its mere prefixes.
 * Values get no exact-phrase bonus (rank.ts).
 *
 * A theme is the site's own vocabulary (its home page lists them), so its name finds the theme's datasets
 * (site review finding 4). It weighs as little as a column description, and gets no phrase bonus either,
 * because a label is broad (`Justice, legal system and public safety`) and says less about one dataset than
 * anything its publisher wrote.
 */
export const FIELD_WEIGHTS: Readonly<Record<SearchField['kind'], number>> = {
  title: 10,
  id: 8,
  keyword: 6,
  publisher: 4,
  field: 3,
  description: 2,
  'field-description': 1,
  theme: 1,
  value: 0.4,
};

/**
 * The score of a term that is one whole value of the data (`ORD`, `海淀区`: text-match.ts's isWholeValue),
 * instead of the value weight (0.4): a user who types an airport code or a county name exactly names
 * something in the data. It ranks above a word only begun in a description (`ord` of `order`: 0.8 x 2),
 * a Chinese term only covered by bigrams of a description (at most 1.6) and any column-description match
 * (at most 1); below a whole word of a description (1.8 to 2), any match in a title, id, keyword or
 * publisher (2 or more) and a Latin word of a column name (2.4 or more).
 */
export const WHOLE_VALUE_SCORE = 1.7;

const texts = (t: { 'zh-CN'?: string; en?: string } | undefined): string[] =>
  t ? [t['zh-CN'], t.en].filter((s): s is string => Boolean(s)) : [];

/**
 * Every searchable text of an entry as published (before normalizeText), in order, with its kind. The
 * per-snapshot index (search-index-cache.ts) compares these to tell a refreshed catalogue with the same
 * texts from a changed one.
 */
export function forEachSearchText(d: DatasetEntry, visit: (kind: SearchField['kind'], raw: string) => void): void {
  const each = (kind: SearchField['kind'], values: string[]) => {
    for (const v of values) if (v) visit(kind, v);
  };
  each('title', texts(d.title));
  each('id', [d.id]);
  each('keyword', d.keywords);
  each('publisher', [...texts(d.publisher.name), d.publisher.id]);
  each(
    'field',
    d.fields.flatMap((f) => [f.name, ...texts(f.title)]),
  );
  each('description', texts(d.description));
  each(
    'field-description',
    d.fields.flatMap((f) => texts(f.description)),
  );
  // The labels of the dataset's themes (themes stay filters too: facets.ts). A theme edit changes them, so
  // it moves updatedAt like any other searchable text (sameSearchTexts).
  each(
    'theme',
    d.themes.flatMap((t) => texts(THEMES[t])),
  );
  // Last, one text per profiled column in the profile's order, its values joined by VALUE_SEPARATOR (one
  // field per value cost ~2x the memory and time at 400 values a dataset); matched-values.ts splits them.
  each(
    'value',
    (d.valueProfile ?? []).map((c) => c.values.join(VALUE_SEPARATOR)),
  );
}

/**
 * Whether two versions of an entry search alike: the same id, the titles as given (sort=title reads them,
 * empty ones too) and the same searchable texts. A writer that changes them must also change `updatedAt`,
 * which is all the index cache compares (search-index-cache.ts).
 */
export function sameSearchTexts(x: DatasetEntry, y: DatasetEntry): boolean {
  if (x.id !== y.id || x.title['zh-CN'] !== y.title['zh-CN'] || x.title.en !== y.title.en) return false;
  const texts: string[] = [];
  forEachSearchText(x, (kind, raw) => texts.push(kind, raw));
  let at = 0;
  let same = true;
  forEachSearchText(y, (kind, raw) => {
    same &&= texts[at] === kind && texts[at + 1] === raw;
    at += 2;
  });
  return same && at === texts.length;
}

/** Every searchable text of an entry, normalized once. */
export function searchFields(d: DatasetEntry): SearchField[] {
  const out: SearchField[] = [];
  forEachSearchText(d, (kind, raw) => out.push({ kind, weight: FIELD_WEIGHTS[kind], text: normalizeText(raw) }));
  return out;
}
