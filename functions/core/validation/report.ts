import { z } from 'zod';
import { RowSuppression } from '../protection/deidentification-finding.ts';
import { maskPersonalData } from './mask-for-report.ts';

/**
 * Data problems are data (frictionless style): typed records collected into a report.
 * Types are stable ids; tests and clients match on them.
 */
export const ISSUE_TYPES = [
  'file/empty',
  'file/undecodable',
  'file/unterminated-quote',
  'file/unreadable',
  'header/missing-column',
  'header/extra-column',
  'header/duplicate-column',
  'header/title-row',
  'row/ragged',
  'row/footer',
  'row/blank',
  'row/totals',
  'cell/type',
  'cell/required',
  'cell/unique',
  'cell/enum',
  'cell/minimum',
  'cell/maximum',
  'cell/pattern',
  'cell/max-length',
  'cell/merged',
  'cell/formula-without-value',
  'cell/error',
  'row/primary-key',
  'grade/core',
  'pii/residual',
  'pii/metadata',
  'k-anonymity/below-k',
  'schema/breaking-change',
  'release/too-large',
] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

/**
 * An issue's message and hint in simplified Chinese (简体中文), written for a department's data officer:
 * the same facts as the English `message` and `hint`, in the words of the people who publish. The CLI
 * prints them under `--lang zh` (or a zh locale); clients pick by their reader's language.
 */
export const ZhText = z.strictObject({
  /** What is wrong (中文). */
  message: z.string(),
  /** How to fix it (中文). */
  hint: z.string(),
});
export type ZhText = z.output<typeof ZhText>;

export const ValidationIssue = z.strictObject({
  type: z.enum(ISSUE_TYPES),
  /** Source file (relative path or package path). */
  file: z.string().optional(),
  /** 1-based data row number (header excluded); absent for file/header-level issues. */
  row: z.number().int().positive().optional(),
  /**
   * CSV: the line of the file holding the row, counted from the top of the file (title lines, the
   * header and empty lines included; a quoted cell spanning lines counts once, so it is the row number
   * a spreadsheet shows when it opens the file). Present with `row` on the rows of a CSV source.
   */
  line: z.number().int().positive().optional(),
  /** XLSX: the row of the sheet holding the row, as the spreadsheet numbers it. Present with `row` on XLSX rows. */
  sheetRow: z.number().int().positive().optional(),
  field: z.string().optional(),
  /** Offending value; masked when the field is graded sensitive, internal or core, or has a treatment. */
  value: z.string().optional(),
  message: z.string(),
  hint: z.string(),
  /** The message and hint in Chinese; present on every issue the platform builds (older stored reports lack it). */
  zh: ZhText.optional(),
});
export type ValidationIssue = z.output<typeof ValidationIssue>;

/**
 * Findings that refuse nothing but that the department should act on: `pii/unused-exception`, a
 * `piiExceptions` entry that excepted no value in this release (remove it, so that a future hit is
 * refused and reviewed again); `protection/no-k-anonymity`, fields graded sensitive published treated
 * without a declared kAnonymity (kAnonymityWarnings).
 */
export const WARNING_TYPES = ['pii/unused-exception', 'protection/no-k-anonymity'] as const;

export const ValidationWarning = z.strictObject({
  type: z.enum(WARNING_TYPES),
  field: z.string().optional(),
  message: z.string(),
  hint: z.string(),
  /** The message and hint in Chinese; present on every warning the platform builds. */
  zh: ZhText.optional(),
});
export type ValidationWarning = z.output<typeof ValidationWarning>;

export const ValidationReport = z.strictObject({
  valid: z.boolean(),
  /** Rows read from the source. */
  rowsRead: z.number().int().nonnegative(),
  /** First issues, capped at `cap`. */
  issues: z.array(ValidationIssue),
  /** Count per issue type, over all issues (not only the first `cap`). */
  counts: z.record(z.string(), z.number().int()),
  /** Total issues found. */
  total: z.number().int().nonnegative(),
  cap: z.number().int().positive(),
  /** Warnings (they refuse nothing); present only when there are any. */
  warnings: z.array(ValidationWarning).optional(),
  /**
   * Rows k-anonymity suppression took out (`kAnonymity.suppress: true`): valid rows that will not be
   * published. Present only when it took some out; whoever decides on the release is shown it.
   */
  suppressed: RowSuppression.optional(),
});
export type ValidationReport = z.output<typeof ValidationReport>;

export const REPORT_CAP = 1000;

/** Builds a report from issues, keeping the first `cap` and counting all. */
export function buildReport(rowsRead: number, all: Iterable<ValidationIssue>, cap = REPORT_CAP): ValidationReport {
  const issues: ValidationIssue[] = [];
  const counts: Record<string, number> = {};
  let total = 0;
  for (const issue of all) {
    total++;
    counts[issue.type] = (counts[issue.type] ?? 0) + 1;
    if (issues.length < cap) issues.push(maskPersonalData(issue));
  }
  return { valid: total === 0, rowsRead, issues, counts, total, cap };
}

/**
 * The report with one more issue, found after the data's own checks (the undeclared breaking change,
 * checks.ts and `opendata validate`): the report refuses the data, the issue comes first so it shows
 * even in a report already at its cap, and it is counted.
 */
export function withIssue(report: ValidationReport, issue: ValidationIssue): ValidationReport {
  return {
    ...report,
    valid: false,
    issues: [maskPersonalData(issue), ...report.issues].slice(0, report.cap),
    counts: { ...report.counts, [issue.type]: (report.counts[issue.type] ?? 0) + 1 },
    total: report.total + 1,
  };
}

/**
 * Masks a value of a non-public field for display in a report: keeps the first and last characters
 * only. At most 16 stars stand between them, so the mask shows the length of short values only;
 * messages that need the length (cell/max-length) take it from the cell, not from the mask.
 */
export function maskForReport(value: string): string {
  // Code points, so that a character outside the BMP (𠀀) is never cut in half.
  const chars = Array.from(value);
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 16))}${chars[chars.length - 1]}`;
}

/** Issues found by one check pass: the first ones in full, and exact counts per type. */
export interface IssueBatch {
  readonly issues: readonly ValidationIssue[];
  readonly counts: Readonly<Record<string, number>>;
}

/** Merges batches into one report, keeping the first `cap` issues and exact totals. */
export function mergeReport(rowsRead: number, batches: readonly IssueBatch[], cap = REPORT_CAP): ValidationReport {
  const issues: ValidationIssue[] = [];
  const counts: Record<string, number> = {};
  let total = 0;
  for (const b of batches) {
    // Every issue kept passes here: whatever check echoed a cell, personal data in it is masked.
    for (const i of b.issues) if (issues.length < cap) issues.push(maskPersonalData(i));
    for (const [type, n] of Object.entries(b.counts)) {
      counts[type] = (counts[type] ?? 0) + n;
      total += n;
    }
  }
  return { valid: total === 0, rowsRead, issues, counts, total, cap };
}

/** A batch from issues counted one by one. */
export function batchOf(issues: readonly ValidationIssue[]): IssueBatch {
  const counts: Record<string, number> = {};
  for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
  return { issues, counts };
}
