import type { AppError } from '../core/errors.ts';
import type { ValidationIssue, ValidationReport, ValidationWarning } from '../core/validation/report.ts';
import type { CliIo } from './io.ts';

/**
 * A validation report for people: one line per problem with where, what and how to fix it, then the
 * warnings (they refuse nothing).
 */
export function formatReport(datasetId: string, report: ValidationReport & { warningsTotal?: number }): string {
  const shown = report.warnings ?? [];
  // A release keeps its first warnings only (stored-issues.ts) and their number.
  const total = Math.max(report.warningsTotal ?? 0, shown.length);
  const warnings = [
    ...shown.flatMap((w) => formatIssue(w, '  ', '!')),
    ...(total > shown.length ? [`  ! … and ${total - shown.length} more warning(s)`] : []),
  ];
  if (report.valid) {
    const valid = `✓ ${datasetId}: valid (${report.rowsRead} rows checked)`;
    return [total ? `${valid}, ${total} warning(s)` : valid, ...warnings].join('\n');
  }
  const lines = [
    `✗ ${datasetId}: ${report.total} problem(s) in ${report.rowsRead} rows — the release would be refused`,
  ];
  for (const i of report.issues) lines.push(...formatIssue(i, '  '));
  if (report.total > report.issues.length) {
    lines.push(`  … and ${report.total - report.issues.length} more. Counts: ${JSON.stringify(report.counts)}`);
  }
  return [...lines, ...warnings].join('\n');
}

/**
 * One issue (or warning, marked `!`) of a report: type, where (file, row, field), what, and the hint
 * on the next line.
 */
export function formatIssue(i: ValidationIssue | ValidationWarning, indent: string, mark = ''): string[] {
  const row = 'row' in i ? i.row : undefined;
  const file = 'file' in i ? i.file : undefined;
  const where = [file, row !== undefined ? `row ${row}` : undefined, i.field ? `field "${i.field}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return [`${indent}${mark ? `${mark} ` : ''}[${i.type}] ${where}: ${i.message}`, `${indent}  hint: ${i.hint}`];
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
