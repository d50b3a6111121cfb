/**
 * Postings of the search index: for each key (a Latin word, a CJK character or bigram, pinyin initials),
 * the documents that have it, ascending, each once, with the heaviest field it is in. Stored compactly: one
 * Map from key to slot and two Int32Arrays (a few bytes per posting, instead of one array object per key).
 *
 * A posting is `doc * weightCount + w`, where `w` indexes the index's weights, ascending: the larger `w`,
 * the heavier the field. One posting per document is enough because a term's score in a document is its
 * best (strength x field weight) over the fields, and for these keys the strength does not depend on the field.
 */
export interface Postings {
  readonly slots: ReadonlyMap<string, number>;
  /** Slot s has the postings start[s] .. start[s + 1] - 1. */
  readonly start: Int32Array;
  readonly refs: Int32Array;
  /** The number of weights a posting encodes (doc = floor(ref / weightCount)). */
  readonly weightCount: number;
}

export class PostingsBuilder {
  private readonly lists = new Map<string, number[]>();
  readonly weightCount: number;
  constructor(weightCount: number) {
    this.weightCount = weightCount;
  }

  /** Adds `key` in `doc` (documents in ascending order) with weight index `w`; a document keeps its heaviest. */
  add(key: string, doc: number, w: number): void {
    const ref = doc * this.weightCount + w;
    const list = this.lists.get(key);
    if (!list) {
      this.lists.set(key, [ref]);
      return;
    }
    const last = list.length - 1;
    const prev = list[last] as number;
    if (Math.floor(prev / this.weightCount) === doc) {
      if (ref > prev) list[last] = ref;
    } else list.push(ref);
  }

  finish(): Postings {
    let total = 0;
    for (const l of this.lists.values()) total += l.length;
    const slots = new Map<string, number>();
    const start = new Int32Array(this.lists.size + 1);
    const refs = new Int32Array(total);
    let at = 0;
    for (const [key, list] of this.lists) {
      start[slots.size] = at;
      slots.set(key, slots.size);
      refs.set(list, at);
      at += list.length;
    }
    start[slots.size] = at;
    this.lists.clear();
    return { slots, start, refs, weightCount: this.weightCount };
  }
}

/** How many documents have `key`. */
export function postingCount(p: Postings, key: string): number {
  const s = p.slots.get(key);
  return s === undefined ? 0 : (p.start[s + 1] as number) - (p.start[s] as number);
}

/** Calls `visit(doc, w)` for each document that has `key`, ascending. */
export function forEachPosting(p: Postings, key: string, visit: (doc: number, w: number) => void): void {
  const s = p.slots.get(key);
  if (s === undefined) return;
  const end = p.start[s + 1] as number;
  for (let i = p.start[s] as number; i < end; i++) {
    const ref = p.refs[i] as number;
    visit(Math.floor(ref / p.weightCount), ref % p.weightCount);
  }
}

/** The weight index of `doc` in the postings of `key`, or -1 when the document does not have it (binary search). */
export function postingOf(p: Postings, key: string, doc: number): number {
  const s = p.slots.get(key);
  if (s === undefined) return -1;
  let lo = p.start[s] as number;
  let hi = (p.start[s + 1] as number) - 1;
  const want = doc * p.weightCount;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const ref = p.refs[mid] as number;
    if (ref < want) lo = mid + 1;
    else if (ref >= want + p.weightCount) hi = mid - 1;
    else return ref - want;
  }
  return -1;
}

/** The first index of sorted `xs` whose value is not below `x`. */
export function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether some key of sorted `keys` starts with `prefix` (binary search: the first key not below it). */
export function hasKeyWithPrefix(keys: readonly string[], prefix: string): boolean {
  return (keys[lowerBound(keys, prefix)] ?? '').startsWith(prefix);
}
