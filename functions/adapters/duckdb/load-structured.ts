import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { quoteLiteral } from '../../core/validation/cast-sql.ts';
import type { ValidationIssue } from '../../core/validation/report.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';
import { checkHeader } from './load-csv.ts';

/**
 * Loads a Parquet, JSON-array or NDJSON source into `tableName` with every column as text (the
 * validator casts and reports per row, the same as for CSV) plus `__row`.
 */
export async function loadStructured(
  db: DuckDbSession,
  source: SourceInput,
  manifest: DatasetManifest,
  tableName: string,
): Promise<{ issues: ValidationIssue[]; loaded: boolean }> {
  const file = source.label;
  const path = quoteLiteral(source.path);
  const reader =
    manifest.source.format === 'parquet'
      ? `read_parquet(${path})`
      : `read_json(${path}, format = '${manifest.source.format === 'ndjson' ? 'newline_delimited' : 'array'}', maximum_object_size = 16777216)`;
  let columns: string[];
  try {
    columns = (await db.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader}`)).map((c) => c.column_name);
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? 'unreadable';
    return {
      loaded: false,
      issues: [
        {
          type: /empty|no rows|0 bytes/i.test(message) ? 'file/empty' : 'file/unreadable',
          file,
          message: `the ${manifest.source.format} file cannot be read: ${message}`,
          hint: `check that the file really is ${manifest.source.format} (declared in source.format)`,
        },
      ],
    };
  }
  const issues = checkHeader(columns, manifest, file);
  if (issues.length) return { issues, loaded: false };
  await db.run(
    `CREATE OR REPLACE TABLE ${tableName} AS SELECT row_number() OVER () AS __row, COLUMNS(*)::VARCHAR FROM ${reader}`,
  );
  return { issues: [], loaded: true };
}
