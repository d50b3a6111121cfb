/** The known name closest to `name` (edit distance, case-insensitive), if any is close enough to suggest. */
export const closestName = (name: string, known: readonly string[]): string | undefined => {
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
