import type { AppError } from '../core/errors.ts';
import {
  type RowSuppression,
  SUPPRESSION_HINT,
  suppressionSentence,
} from '../core/protection/deidentification-finding.ts';
import {
  ISSUE_TYPES,
  type ValidationIssue,
  type ValidationReport,
  type ValidationWarning,
} from '../core/validation/report.ts';
import type { CliIo } from './io.ts';

/**
 * A validation report for people: one line per problem with where, what and how to fix it, then the
 * warnings (they refuse nothing). A release's stored report (it has `checkedAt`: the checks ran on the
 * platform) says the release was refused; a local one (`opendata validate`, `preview`) that it would be.
 */
export function formatReport(
  datasetId: string,
  report: ValidationReport & { warningsTotal?: number; checkedAt?: string },
  /** The release was published: its suppressed rows "were not published". */
  published = false,
): string {
  const shown = report.warnings ?? [];
  // A release keeps its first warnings only (stored-issues.ts) and their number.
  const total = Math.max(report.warningsTotal ?? 0, shown.length);
  const warnings = [
    ...shown.flatMap((w) => formatIssue(w, '  ', '!')),
    ...(total > shown.length ? [`  ! … and ${total - shown.length} more warning(s)`] : []),
  ];
  const suppressed = report.suppressed ? formatSuppressed(report.suppressed, '  ', published) : [];
  if (report.valid) {
    const valid = `✓ ${datasetId}: valid (${report.rowsRead} rows checked)`;
    return [total ? `${valid}, ${total} warning(s)` : valid, ...suppressed, ...warnings].join('\n');
  }
  // A file refused before its rows were read (a title row, an unreadable file) has no rows to count.
  const rows = report.rowsRead > 0 ? ` in ${report.rowsRead} rows` : ', no rows read';
  const outcome = report.checkedAt !== undefined ? 'the release was refused' : 'the release would be refused';
  const lines = [`✗ ${datasetId}: ${report.total} problem(s)${rows} — ${outcome}`, ...suppressed];
  for (const i of report.issues) lines.push(...formatIssue(i, '  '));
  if (report.total > report.issues.length) {
    lines.push(`  … and ${report.total - report.issues.length} more. Counts: ${JSON.stringify(report.counts)}`);
  }
  return [...lines, ...warnings].join('\n');
}

/**
 * The rows k-anonymity suppression takes out, right under the verdict: valid rows that a reader of the
 * register will not find, which whoever publishes or approves must weigh (a `!` line, like a warning).
 */
export function formatSuppressed(s: RowSuppression, indent: string, published = false): string[] {
  return [
    `${indent}! ${suppressionSentence(s, published)}`,
    `${indent}  hint: rows whose (${s.quasiIdentifiers.join(', ')}) are shared by fewer than ${s.k} rows are left out; to publish more of them, ${SUPPRESSION_HINT}`,
  ];
}

/**
 * One issue (or warning, marked `!`) of a report: type, where (file, row with the line or sheet row a
 * person finds it at, field), what, and the hint on the next line. An issue about the whole release (a
 * breaking change) has no where.
 */
export function formatIssue(i: ValidationIssue | ValidationWarning, indent: string, mark = ''): string[] {
  const file = 'file' in i ? i.file : undefined;
  const where = [file, isIssue(i) ? rowAt(i) : undefined, i.field ? `field "${i.field}"` : undefined]
    .filter(Boolean)
    .join(', ');
  const head = `${indent}${mark ? `${mark} ` : ''}[${i.type}] ${where ? `${where}: ` : ''}${i.message}`;
  return [head, `${indent}  hint: ${i.hint}`];
}

const isIssue = (i: ValidationIssue | ValidationWarning): i is ValidationIssue =>
  (ISSUE_TYPES as readonly string[]).includes(i.type);

/** "row 1 (line 3)", "row 1 (sheet row 3)", "row 1", or "line 1" for a line above the header. */
function rowAt(i: ValidationIssue): string | undefined {
  const at = i.line !== undefined ? `line ${i.line}` : i.sheetRow !== undefined ? `sheet row ${i.sheetRow}` : undefined;
  if (i.row === undefined) return at;
  return at ? `row ${i.row} (${at})` : `row ${i.row}`;
}

/**
 * A refusal before any row is read (a manifest that does not parse, an unknown publisher): `--json`
 * prints it as `{valid: false, problem}` on stdout, otherwise what, where and how to fix on stderr.
 */
export function reportProblem(io: CliIo, e: AppError, json = false): void {
  if (json) {
    io.out(JSON.stringify({ valid: false, problem: e.toJSON() }, null, 2));
    return;
  }
  io.err(`✗ ${e.detail}`);
  for (const x of e.errors) io.err(`  ${x.where}: ${x.message}${x.hint ? `\n    hint: ${x.hint}` : ''}`);
}
