import type { DatasetManifest } from '../manifest/schema.ts';
import { scanText } from '../protection/detectors/index.ts';
import { nameDifference } from '../query/closest-name.ts';
import { maskForReport, type ValidationIssue } from './report.ts';

/**
 * Whether a header holds what looks like personal data (a resident ID, a mobile number, an e-mail…):
 * then its first line is a data row — an export without its header row — and its undeclared names
 * are cells of a person, not column names.
 */
function looksLikeData(columns: readonly string[]): boolean {
  return columns.some((c) => scanText(c).length > 0);
}

/**
 * Most columns a source may have. Far beyond any export (a manifest declares every published column),
 * and a bound on the work a file can cause: a 400 KB header of 200,000 names once overflowed the stack.
 */
export const MAX_SOURCE_COLUMNS = 4096;

/** Header against the manifest: duplicate, undeclared (extra) and missing columns. */
export function checkHeader(columns: readonly string[], manifest: DatasetManifest, file: string): ValidationIssue[] {
  if (columns.length > MAX_SOURCE_COLUMNS) {
    return [
      {
        type: 'file/unreadable',
        file,
        message: `the header has ${columns.length} columns; a source may have at most ${MAX_SOURCE_COLUMNS}`,
        hint: 'export only the columns the manifest declares (or check the delimiter: a wrong one can split every cell)',
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  const declaredNames = manifest.fields.map((f) => f.name);
  const declared = new Set(declaredNames);
  const asData = looksLikeData(columns);
  // Undeclared names of a header that is really a data row are masked like a sensitive cell: reports
  // are read by people outside the department (release API, CI logs).
  const shown = (c: string) => (asData && !declared.has(c) ? maskForReport(c) : c);
  const noHeaderHint =
    'the first line looks like data (it holds what looks like personal data), not a header: export the file with its header row';
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      issues.push({
        type: 'header/duplicate-column',
        file,
        field: shown(c),
        message: `column "${shown(c)}" appears more than once in the header`,
        hint: asData ? noHeaderHint : 'rename one of the columns so every header name is unique',
      });
    }
    seen.add(c);
    if (!declared.has(c)) {
      const field = declaredNames.find((n) => sameName(n, c) && !columns.includes(n));
      issues.push({
        type: 'header/extra-column',
        file,
        field: shown(c),
        message: `column "${shown(c)}" is in the file but not declared in the manifest`,
        hint: asData
          ? noHeaderHint
          : field !== undefined
            ? `it differs from the declared field "${field}" only ${howDifferent(c, field)}: ${renameHint(field)}`
            : `declare it under fields (grade it internal if it must not be published) or remove it from the export; undeclared columns are never published`,
      });
    }
  }
  for (const name of declaredNames) {
    if (!seen.has(name)) {
      const column = columns.find((c) => sameName(name, c) && !declared.has(c));
      issues.push({
        type: 'header/missing-column',
        file,
        field: name,
        message: `declared field "${name}" is not in the file's header`,
        hint: asData
          ? noHeaderHint
          : column !== undefined
            ? `the header has ${JSON.stringify(column)}, which differs only ${howDifferent(column, name)}: ${renameHint(name)} (header found: ${columns.join(', ')})`
            : `add the column to the export, or remove the field from the manifest (header found: ${columns.join(', ')})`,
      });
    }
  }
  return issues;
}

const sameName = (declared: string, column: string) => nameDifference(column, declared) !== undefined;

const howDifferent = (column: string, declared: string) =>
  ({
    case: 'in letter case',
    spaces: 'in surrounding spaces',
    'case and spaces': 'in letter case and surrounding spaces',
  })[nameDifference(column, declared) ?? 'case'];

const renameHint = (declared: string) =>
  `names must match exactly (letter case and spaces count): rename the column to "${declared}" in the export, or the field in the manifest`;
