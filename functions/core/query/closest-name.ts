/**
 * The known name to suggest for `name`, never `name` itself (manifest fields and keys, publishers,
 * licences, query columns, parameters and functions all use it): one that differs only in case or
 * spaces, else one that differs only in word separators (province_code for provinceCode), else one that starts with or contains it (区县 → 区县代码; for Chinese names a longer or shorter
 * form of the same words, which edit distance ranks no closer than an unrelated name of the same length:
 * 姓名), else one it contains, else the closest by edit distance (case-insensitive) that is close enough
 * and shares a character with it.
 */
export const closestName = (name: string, known: readonly string[]): string | undefined => {
  const others = known.filter((k) => k !== name);
  const lower = (k: string) => k.trim().toLowerCase();
  const g = lower(name);
  const same = others.find((k) => lower(k) === g);
  if (same !== undefined) return same;
  // The same words written in another convention: province_code, provinceCode, Province Code.
  const unseparated = (k: string) => lower(k).replace(/[\s_-]+/g, '');
  const respelled = others.find((k) => unseparated(k) === unseparated(name) && unseparated(k) !== '');
  if (respelled !== undefined) return respelled;
  if (wordLike(g)) {
    const byLength = (a: string, b: string) => a.length - b.length;
    const longer =
      others.filter((k) => lower(k).startsWith(g)).sort(byLength)[0] ??
      others.filter((k) => lower(k).includes(g)).sort(byLength)[0];
    if (longer !== undefined) return longer;
    const shorter = others
      .filter((k) => wordLike(lower(k)) && g.includes(lower(k)))
      .sort(byLength)
      .at(-1);
    if (shorter !== undefined) return shorter;
  }
  const near = closestBySpelling(name, others);
  return near !== undefined && [...g].some((c) => lower(near).includes(c)) ? near : undefined;
};

/** Long enough to look for inside a name: two characters, or one Chinese character (区 of 区县代码). */
const wordLike = (t: string) => [...t].length >= 2 || /\p{Script=Han}/u.test(t);

/** The known name closest to `name` by edit distance (case-insensitive), if any is close enough. */
const closestBySpelling = (name: string, known: readonly string[]): string | undefined => {
  const target = name.toLowerCase().slice(0, 64);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(target.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(target, candidate.toLowerCase().slice(0, 64));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
};

const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
};

/**
 * How `given` differs from the name `near` when only letter case or surrounding spaces do (`Code ` for
 * `code`), for hints that say so; undefined when they differ otherwise (or not at all).
 */
export function nameDifference(given: string, near: string): 'case' | 'spaces' | 'case and spaces' | undefined {
  if (given === near || given.trim().toLowerCase() !== near.trim().toLowerCase()) return undefined;
  const spaces = given.trim() !== given || near.trim() !== near;
  const cased = given.trim() !== near.trim();
  return spaces && cased ? 'case and spaces' : spaces ? 'spaces' : 'case';
}
