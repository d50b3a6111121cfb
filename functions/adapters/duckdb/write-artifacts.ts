import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import type { ProducedFile } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';

/** SQL neutralising spreadsheet formulas in a text cell (OWASP CSV injection); numbers stay numbers. */
export type CsvSafeSql = (expr: string) => string;

const BOM = '\uFEFF';

/**
 * Writes the publishable table `pub` as Parquet, CSV (UTF-8 with BOM, formula-safe), NDJSON and a
 * JSON array. Column order is the manifest's. DuckDB writes the first three, each in one parallel
 * pass over `pub`; the JSON array is the NDJSON re-framed as a byte stream (`[`, `,` between lines,
 * `]`), which is cheaper than a second JSON serialisation and gives the same values by construction.
 */
export async function writeArtifacts(
  db: DuckDbSession,
  columns: readonly { name: string; isText: boolean }[],
  outDir: string,
  csvSafe: CsvSafeSql,
  step: (name: string) => void = () => {},
): Promise<ProducedFile[]> {
  const parquet = join(outDir, 'data.parquet');
  const csv = join(outDir, 'data.csv');
  const ndjson = join(outDir, 'data.ndjson');
  const json = join(outDir, 'data.json');
  await db.run(`COPY pub TO ${quoteLiteral(ndjson)} (FORMAT json)`);
  step('write-ndjson');
  // Re-framed right away, not overlapped with the DuckDB writers below: on 2 cores the overlap measured
  // slower (the three compete for the same cores and memory bandwidth).
  await pipeline(
    createReadStream(ndjson, { highWaterMark: 4 << 20 }),
    ndjsonToArray(),
    createWriteStream(json, { highWaterMark: 4 << 20 }),
  );
  step('write-json');

  await db.run(`COPY pub TO ${quoteLiteral(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
  step('write-parquet');

  // A UTF-8 BOM so that Excel opens Chinese text correctly (docs/formats.md explains the choice).
  // DuckDB writes it as part of the first header name when that name needs no quoting; otherwise
  // the file is written without and the BOM prepended by a copy.
  const first = columns[0]?.name ?? '';
  const bomInHeader = first.length > 0 && !/[",\r\n]/.test(first) && first.trim() === first;
  const csvSelect = columns
    .map((c, i) => {
      const alias = quoteIdent(i === 0 && bomInHeader ? `${BOM}${c.name}` : c.name);
      return `${c.isText ? csvSafe(quoteIdent(c.name)) : quoteIdent(c.name)} AS ${alias}`;
    })
    .join(', ');
  const csvTarget = bomInHeader ? csv : join(outDir, 'data.csv.body');
  await db.run(
    `COPY (SELECT ${csvSelect} FROM pub) TO ${quoteLiteral(csvTarget)} (FORMAT csv, HEADER true, DELIMITER ',')`,
  );
  if (!bomInHeader) {
    const out = createWriteStream(csv);
    out.write(Buffer.from(BOM, 'utf8'));
    await pipeline(createReadStream(csvTarget), out);
    await rm(csvTarget);
  }
  step('write-csv');
  return [
    { name: 'data.csv', path: csv, format: 'csv', mediaType: 'text/csv; charset=utf-8' },
    { name: 'data.parquet', path: parquet, format: 'parquet', mediaType: 'application/vnd.apache.parquet' },
    { name: 'data.ndjson', path: ndjson, format: 'ndjson', mediaType: 'application/x-ndjson' },
    { name: 'data.json', path: json, format: 'json', mediaType: 'application/json' },
  ];
}

/**
 * NDJSON → JSON array, streaming: JSON text never contains a raw line feed (it is escaped inside
 * strings), so every LF separates two records.
 */
export function ndjsonToArray(): Transform {
  const OPEN = Buffer.from('[\n');
  const SEP = Buffer.from(',\n');
  let started = false;
  let pendingSeparator = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      // One output buffer per chunk (at most 3 extra bytes per line), filled by native copies:
      // no per-line allocation.
      let lines = 1;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      const out = Buffer.allocUnsafe(chunk.length + 2 * lines + 2);
      let o = 0;
      let from = 0;
      for (;;) {
        const lf = chunk.indexOf(10, from);
        const end = lf === -1 ? chunk.length : lf;
        if (end > from) {
          const head = !started ? OPEN : pendingSeparator ? SEP : null;
          if (head) o += head.copy(out, o);
          o += chunk.copy(out, o, from, end);
          started = true;
          pendingSeparator = false;
        }
        if (lf === -1) break;
        if (started) pendingSeparator = true;
        from = lf + 1;
      }
      cb(null, out.subarray(0, o));
    },
    flush(cb) {
      cb(null, Buffer.from(started ? '\n]\n' : '[]\n'));
    },
  });
}
