import type { AppError } from '../core/errors.ts';
import type { ValidationIssue, ValidationReport } from '../core/validation/report.ts';
import type { CliIo } from './io.ts';

/** A validation report for people: one line per problem with where, what and how to fix it. */
export function formatReport(datasetId: string, report: ValidationReport): string {
  if (report.valid) return `✓ ${datasetId}: valid (${report.rowsRead} rows checked)`;
  const lines = [
    `✗ ${datasetId}: ${report.total} problem(s) in ${report.rowsRead} rows — the release would be refused`,
  ];
  for (const i of report.issues) lines.push(...formatIssue(i, '  '));
  if (report.total > report.issues.length) {
    lines.push(`  … and ${report.total - report.issues.length} more. Counts: ${JSON.stringify(report.counts)}`);
  }
  return lines.join('\n');
}

/** One issue of a report: type, where (file, row, field), what, and the hint on the next line. */
export function formatIssue(i: ValidationIssue, indent: string): string[] {
  const where = [i.file, i.row !== undefined ? `row ${i.row}` : undefined, i.field ? `field "${i.field}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return [`${indent}[${i.type}] ${where}: ${i.message}`, `${indent}  hint: ${i.hint}`];
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
