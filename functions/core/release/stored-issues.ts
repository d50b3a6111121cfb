import type { ValidationIssue } from '../validation/report.ts';

/** Issues a release keeps (its `total` and `counts` stay exact): the rest are a local `opendata validate` away. */
export const STORED_ISSUES_MAX = 100;
/**
 * Bytes of issues a release keeps. A release is one catalog document (a DynamoDB item: 400 KB at most,
 * with its manifest), and one issue can be 1.5 KB of UTF-8 (a 200-character clipped value in Chinese,
 * quoted again in its message).
 */
export const STORED_ISSUES_MAX_BYTES = 64_000;

/** The first issues that fit both bounds, in order. */
export function issuesToStore(
  issues: readonly ValidationIssue[],
  max = STORED_ISSUES_MAX,
  maxBytes = STORED_ISSUES_MAX_BYTES,
): ValidationIssue[] {
  const kept: ValidationIssue[] = [];
  const utf8 = new TextEncoder();
  let bytes = 2;
  for (const issue of issues) {
    if (kept.length >= max) break;
    bytes += utf8.encode(JSON.stringify(issue)).length + 1;
    if (bytes > maxBytes) break;
    kept.push(issue);
  }
  return kept;
}
