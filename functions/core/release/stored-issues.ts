import type { ValidationIssue, ValidationWarning } from '../validation/report.ts';

/** Issues a release keeps (its `total` and `counts` stay exact): the rest are a local `opendata validate` away. */
export const STORED_ISSUES_MAX = 100;
/**
 * Bytes of issues a release keeps. A release is one catalog document (a DynamoDB item: 400 KB at most,
 * with its manifest), and one issue can be 1.5 KB of UTF-8 (a 200-character clipped value in Chinese,
 * quoted again in its message).
 */
export const STORED_ISSUES_MAX_BYTES = 64_000;
/**
 * Bytes of warnings a release keeps (`warningsTotal` keeps their number). One `pii/unused-exception`
 * warning names its field twice, and a manifest may name a thousand fields.
 */
export const STORED_WARNINGS_MAX_BYTES = 16_000;

/**
 * Bytes of issues a publication failure keeps: they are added to a release record the checks let take up
 * to RECORD_BUDGET_BYTES (record-size.ts), and the record must still fit in 400 KB.
 */
export const FAILURE_ISSUES_MAX_BYTES = 32_000;

/** The first issues that fit both bounds, in order. */
export function issuesToStore(
  issues: readonly ValidationIssue[],
  max = STORED_ISSUES_MAX,
  maxBytes = STORED_ISSUES_MAX_BYTES,
): ValidationIssue[] {
  return firstThatFit(issues, max, maxBytes);
}

/** The first warnings that fit both bounds, in order. */
export function warningsToStore(
  warnings: readonly ValidationWarning[],
  max = STORED_ISSUES_MAX,
  maxBytes = STORED_WARNINGS_MAX_BYTES,
): ValidationWarning[] {
  return firstThatFit(warnings, max, maxBytes);
}

function firstThatFit<T>(records: readonly T[], max: number, maxBytes: number): T[] {
  const kept: T[] = [];
  const utf8 = new TextEncoder();
  let bytes = 2;
  for (const record of records) {
    if (kept.length >= max) break;
    bytes += utf8.encode(JSON.stringify(record)).length + 1;
    if (bytes > maxBytes) break;
    kept.push(record);
  }
  return kept;
}
