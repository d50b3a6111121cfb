import type { ValidationReport } from '../core/validation/report.ts';

/** A validation report for people: one line per problem with where, what and how to fix it. */
export function formatReport(datasetId: string, report: ValidationReport): string {
  if (report.valid) return `✓ ${datasetId}: valid (${report.rowsRead} rows checked)`;
  const lines = [
    `✗ ${datasetId}: ${report.total} problem(s) in ${report.rowsRead} rows — the release would be refused`,
  ];
  for (const i of report.issues) {
    const where = [i.file, i.row !== undefined ? `row ${i.row}` : undefined, i.field ? `field "${i.field}"` : undefined]
      .filter(Boolean)
      .join(', ');
    lines.push(`  [${i.type}] ${where}: ${i.message}`, `    hint: ${i.hint}`);
  }
  if (report.total > report.issues.length) {
    lines.push(`  … and ${report.total - report.issues.length} more. Counts: ${JSON.stringify(report.counts)}`);
  }
  return lines.join('\n');
}
