import type { DetectorMatch } from './detector.ts';

/**
 * A masked rendering of a hit for reports and logs: enough to find the cell, never the identity.
 * At least half of the characters (and always at least four for IDs) are hidden; e-mails keep the
 * domain, which names an organisation rather than a person, and one character of the local part.
 */
export function maskExample(match: Pick<DetectorMatch, 'detector' | 'value'>): string {
  const v = [...match.value];
  if (match.detector === 'email') {
    const at = v.lastIndexOf('@');
    if (at > 0) return `${v[0]}***${v.slice(at).join('')}`;
  }
  const n = v.length;
  if (n <= 4) return '*'.repeat(n);
  const keepFirst = Math.min(3, Math.floor(n / 4));
  const keepLast = Math.min(2, Math.floor(n / 4));
  return v.slice(0, keepFirst).join('') + '*'.repeat(n - keepFirst - keepLast) + v.slice(n - keepLast).join('');
}
