import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { quoteIdent, quoteLiteral } from '../../core/validation/cast-sql.ts';
import type { ProducedFile } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';

/** SQL neutralising spreadsheet formulas in a text cell (OWASP CSV injection); numbers stay numbers. */
export type CsvSafeSql = (expr: string) => string;

/**
 * Writes the publishable table `pub` as Parquet, CSV (UTF-8 with BOM, formula-safe), NDJSON and a
 * JSON array. Column order is the manifest's.
 */
export async function writeArtifacts(
  db: DuckDbSession,
  columns: readonly { name: string; isText: boolean }[],
  outDir: string,
  csvSafe: CsvSafeSql,
): Promise<ProducedFile[]> {
  const parquet = join(outDir, 'data.parquet');
  const csv = join(outDir, 'data.csv');
  const ndjson = join(outDir, 'data.ndjson');
  const json = join(outDir, 'data.json');
  await db.run(`COPY pub TO ${quoteLiteral(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
  const csvSelect = columns
    .map((c) => (c.isText ? `${csvSafe(quoteIdent(c.name))} AS ${quoteIdent(c.name)}` : quoteIdent(c.name)))
    .join(', ');
  const csvBody = join(outDir, 'data.csv.body');
  await db.run(
    `COPY (SELECT ${csvSelect} FROM pub) TO ${quoteLiteral(csvBody)} (FORMAT csv, HEADER true, DELIMITER ',')`,
  );
  // A UTF-8 BOM so that Excel opens Chinese text correctly (docs/formats.md explains the choice).
  const out = createWriteStream(csv);
  out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  await pipeline(createReadStream(csvBody), out);
  await rm(csvBody);
  await db.run(`COPY pub TO ${quoteLiteral(ndjson)} (FORMAT json)`);
  await db.run(`COPY pub TO ${quoteLiteral(json)} (FORMAT json, ARRAY true)`);
  return [
    { name: 'data.csv', path: csv, format: 'csv', mediaType: 'text/csv; charset=utf-8' },
    { name: 'data.parquet', path: parquet, format: 'parquet', mediaType: 'application/vnd.apache.parquet' },
    { name: 'data.ndjson', path: ndjson, format: 'ndjson', mediaType: 'application/x-ndjson' },
    { name: 'data.json', path: json, format: 'json', mediaType: 'application/json' },
  ];
}
