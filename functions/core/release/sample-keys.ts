import { utf8Length } from '../catalog/value-profile.ts';

/** Characters (code points) of one sample key a diff keeps; a longer key ends in `…`. */
export const SAMPLE_KEY_MAX_CHARS = 256;
/**
 * UTF-8 bytes of every sample key of one diff together. A diff is stored with its version record and
 * its release (DynamoDB items: 400 KB at most each), and a primary key can be any text column: fifteen
 * 35,000-character keys once put half a megabyte in one diff.
 */
export const SAMPLE_KEYS_MAX_BYTES = 8 * 1024;

export interface SampleKeys {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** A sample key as a diff keeps it: at most SAMPLE_KEY_MAX_CHARS characters, then `…` when it was longer. */
export function clipSampleKey(key: string): string {
  const chars = Array.from(key);
  return chars.length > SAMPLE_KEY_MAX_CHARS ? `${chars.slice(0, SAMPLE_KEY_MAX_CHARS).join('')}…` : key;
}

/**
 * The sample keys a diff keeps: each clipped (clipSampleKey), and all of them within SAMPLE_KEYS_MAX_BYTES,
 * shared out rank by rank (the first added, removed and changed key, then the second of each, …) so
 * that long added keys cannot crowd out the removed ones. Each list keeps a prefix of its keys, in order.
 */
export function boundSampleKeys(
  keys: SampleKeys,
  maxBytes = SAMPLE_KEYS_MAX_BYTES,
): {
  added: string[];
  removed: string[];
  changed: string[];
} {
  const lists = [keys.added, keys.removed, keys.changed].map((l) => l.map(clipSampleKey));
  const kept: string[][] = [[], [], []];
  const full = new Set<number>();
  let bytes = 0;
  const longest = Math.max(...lists.map((l) => l.length));
  for (let rank = 0; rank < longest && full.size < lists.length; rank++) {
    lists.forEach((list, i) => {
      const key = list[rank];
      if (full.has(i) || key === undefined) return;
      // A key costs its bytes and its quotes and comma in the stored JSON.
      const size = utf8Length(key) + 3;
      if (bytes + size > maxBytes) {
        full.add(i);
        return;
      }
      bytes += size;
      kept[i]?.push(key);
    });
  }
  return { added: kept[0] ?? [], removed: kept[1] ?? [], changed: kept[2] ?? [] };
}
