import { quoteIdent, quoteLiteral } from '../sql/quote.ts';
import {
  CHINESE_NUMERALS,
  type Detector,
  INVISIBLE_CLASS,
  LOOKALIKE_ASCII,
  LOOKALIKE_FORMS,
  NUMERAL_CLASS,
  NUMERAL_DIGITS,
  NUMERAL_RUN,
  numeralPrefilter,
  UNUSUAL_CLASS,
  UNUSUAL_ROW_FILTERS,
} from './detectors/detector.ts';

/**
 * Residual-PII scan of published text columns inside DuckDB: each detector's RE2 prefilter
 * extracts candidates from every cell in one pass over the relation, DuckDB groups identical
 * candidates, and only (column, detector, candidate, occurrences[, first_row]) rows reach JS, where
 * `detector.validate` confirms them while the result streams. The table is never loaded into JS.
 * Like `scanText`, the probes read the text as the detectors do (`readable`: look-alikes such as
 * full-width digits and ideographic spaces as ASCII, invisible characters removed), for the scan only;
 * and, for the detectors that read Chinese numerals, a second probe takes the candidates holding one
 * (only in cells with a run of digits holding a numeral, `NUMERAL_RUN`) with the numerals as digits.
 */
export interface PiiScanOptions {
  /** An expression numbering source rows (e.g. a row-number column of the staged table), reported as first_row. */
  readonly rowNumberExpr?: string;
}

/** One row of the scan result. */
export interface PiiCandidateRow {
  readonly column_name: string;
  readonly detector: string;
  readonly candidate: string;
  readonly occurrences: number | bigint;
  readonly first_row?: number | bigint | null;
}

export function piiScanSql(
  relationSql: string,
  columns: readonly string[],
  detectors: readonly Detector[],
  options: PiiScanOptions = {},
): string {
  if (columns.length === 0 || detectors.length === 0) throw new Error('a PII scan needs columns and detectors');
  // Each column is read once as the detectors read it; translate only runs on text holding an
  // unusual character (it costs about three regex probes per cell), and the probes share the result.
  const unusual = quoteLiteral(UNUSUAL_CLASS);
  const normalized = columns.map((c, i) => {
    const v = `CAST(${quoteIdent(c)} AS VARCHAR)`;
    const read = `regexp_replace(translate(${v}, ${quoteLiteral(LOOKALIKE_FORMS)}, ${quoteLiteral(LOOKALIKE_ASCII)}), ${quoteLiteral(INVISIBLE_CLASS)}, '', 'g')`;
    return `CASE WHEN regexp_matches(${v}, ${unusual}) THEN ${read} ELSE ${v} END AS __pii_${i}`;
  });
  const numerals = quoteLiteral(NUMERAL_CLASS);
  const probes = columns.flatMap((c, i) =>
    detectors.flatMap((d) => {
      const probe = (candidates: string) =>
        `{column_name: ${quoteLiteral(c)}, detector: ${quoteLiteral(d.id)}, candidates: ${candidates}}`;
      const plain = probe(`regexp_extract_all(__pii_${i}, ${quoteLiteral(d.prefilter)})`);
      if (!d.readsNumerals) return [plain];
      // The candidates holding a numeral (the others are the plain probe's), numerals read as digits.
      const written = `list_filter(regexp_extract_all(__pii_${i}, ${quoteLiteral(numeralPrefilter(d.prefilter))}), lambda x: regexp_matches(x, ${numerals}))`;
      const read = `list_transform(${written}, lambda x: translate(x, ${quoteLiteral(CHINESE_NUMERALS)}, ${quoteLiteral(NUMERAL_DIGITS)}))`;
      return [plain, probe(`CASE WHEN __piin_${i} THEN ${read} END`)];
    }),
  );
  const withRow = options.rowNumberExpr !== undefined;
  const read = `SELECT ${normalized.join(', ')}${withRow ? `, ${options.rowNumberExpr} AS row_number` : ''} FROM ${relationSql}`;
  // Whether a cell holds a run of digits with a Chinese numeral, once per cell for every detector reading them.
  const runs = detectors.some((d) => d.readsNumerals)
    ? `SELECT *, ${columns.map((_, i) => `regexp_matches(__pii_${i}, ${quoteLiteral(NUMERAL_RUN)}) AS __piin_${i}`).join(', ')} FROM (${read})`
    : read;
  const probed = `SELECT unnest([${probes.join(', ')}]) AS p${withRow ? ', row_number' : ''} FROM (${runs})`;
  const unnested = `SELECT p.column_name, p.detector, unnest(p.candidates) AS candidate${withRow ? ', row_number' : ''} FROM (${probed}) WHERE len(p.candidates) > 0`;
  // Candidates that cannot pass validate (wrong length or prefix) are dropped here, inside DuckDB.
  const checked = detectors.filter((d) => d.candidateCheck !== undefined);
  const found =
    checked.length === 0
      ? unnested
      : `SELECT * FROM (${unnested}) WHERE CASE detector ${checked
          .map(
            (d) =>
              `WHEN ${quoteLiteral(d.id)} THEN regexp_full_match(candidate, ${quoteLiteral(d.candidateCheck as string)})`,
          )
          .join(' ')} ELSE true END`;
  return (
    `SELECT column_name, detector, candidate, count(*) AS occurrences${withRow ? ', min(row_number) AS first_row' : ''} ` +
    `FROM (${found}) GROUP BY column_name, detector, candidate ORDER BY column_name, detector, candidate`
  );
}

/**
 * One RE2 regex that matches a text if some detector could find a valid candidate in it (each
 * detector's rowFilter, or its prefilter): rows it does not match need no per-detector probing. It
 * reads the text as published, so any text the detectors read only after normalising (a full-width
 * digit or ＠, an invisible character, an ideographic space between digits, a run of digits holding a
 * Chinese numeral…) makes a candidate row. It holds astral characters: a JS RegExp of it needs the `u` flag.
 */
export function piiRowFilter(detectors: readonly Detector[]): string {
  return [...detectors.map((d) => `(?:${d.rowFilter ?? d.prefilter})`), ...UNUSUAL_ROW_FILTERS].join('|');
}

/** Confirms scan rows with the detectors' validate (JS side of the two-stage scan). */
export function confirmCandidates<R extends Pick<PiiCandidateRow, 'detector' | 'candidate'>>(
  rows: Iterable<R>,
  detectors: readonly Detector[],
): R[] {
  const byId = new Map(detectors.map((d) => [d.id, d]));
  const out: R[] = [];
  for (const r of rows) if (byId.get(r.detector)?.validate(r.candidate)) out.push(r);
  return out;
}
