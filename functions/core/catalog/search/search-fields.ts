import type { DatasetEntry } from '../schema.ts';
import type { PinyinText } from './pinyin-match.ts';
import { normalizeText } from './text-match.ts';

/** A searchable text of a dataset with the weight a match in it carries. */
export interface SearchField {
  readonly kind: 'id' | 'title' | 'keyword' | 'publisher' | 'field' | 'description' | 'field-description';
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

/** Titles above keywords above publishers and column names above descriptions. */
export const FIELD_WEIGHTS: Readonly<Record<SearchField['kind'], number>> = {
  title: 10,
  id: 8,
  keyword: 6,
  publisher: 4,
  field: 3,
  description: 2,
  'field-description': 1,
};

const texts = (t: { 'zh-CN'?: string; en?: string } | undefined): string[] =>
  t ? [t['zh-CN'], t.en].filter((s): s is string => Boolean(s)) : [];

/** Every searchable text of an entry, normalized once. */
export function searchFields(d: DatasetEntry): SearchField[] {
  const out: SearchField[] = [];
  const add = (kind: SearchField['kind'], values: string[]) => {
    for (const v of values) if (v) out.push({ kind, weight: FIELD_WEIGHTS[kind], text: normalizeText(v) });
  };
  add('title', texts(d.title));
  add('id', [d.id]);
  add('keyword', d.keywords);
  add('publisher', [...texts(d.publisher.name), d.publisher.id]);
  add(
    'field',
    d.fields.flatMap((f) => [f.name, ...texts(f.title)]),
  );
  add('description', texts(d.description));
  add(
    'field-description',
    d.fields.flatMap((f) => texts(f.description)),
  );
  return out;
}
