import { quoteIdent, quoteLiteral } from '../sql/quote.ts';
import {
  type Detector,
  hitsIn,
  INVISIBLE_CLASS,
  LOOKALIKE_ASCII,
  LOOKALIKE_FORMS,
  NUMERAL_CLASS,
  NUMERAL_DIGITS,
  NUMERAL_RUN,
  NUMERALS,
  numeralPrefilter,
  TWO_DIGIT_CLASS,
  TWO_DIGIT_SYMBOLS,
  TWO_DIGIT_TENS,
  TWO_DIGIT_UNITS,
  UNUSUAL_CLASS,
  UNUSUAL_ROW_FILTERS,
} from './detectors/detector.ts';
import {
  INEXACT_NUMBER,
  inexactDigitsSql,
  inexactNumberHit,
  numberTextSql,
  WHOLE_DOUBLE_ROW_FILTER,
  wholeDoubleDigitsSql,
} from './number-scan.ts';

/**
 * Residual-PII scan of published text columns inside DuckDB: each detector's RE2 prefilter
 * extracts candidates from every cell in one pass over the relation, DuckDB groups identical
 * candidates, and only (column, detector, candidate, occurrences[, first_rows]) rows reach JS, where
 * `detector.validate` confirms them while the result streams. The table is never loaded into JS.
 * Like `scanText`, the probes read the text as the detectors do (`readable`: look-alikes such as
 * full-width digits and ideographic spaces as ASCII, invisible characters removed), for the scan only;
 * and, for the detectors that read numerals, a second probe takes the candidates holding one (only
 * in cells with a run of digits holding a numeral, `NUMERAL_RUN`), which JS reads with the numerals
 * as digits (`hitsIn`). Number columns are read as their digits (number-scan.ts), and a whole number
 * written in text the way a double is printed (`110105199003071000.0`, as a JSON reader writes a nested
 * number) as a number column's too long to be exact (`wholeDoublesIn`).
 */
export interface PiiScanOptions {
  /** An expression numbering source rows (e.g. a row-number column of the staged table), for `firstRows`. */
  readonly rowNumberExpr?: string;
  /**
   * Those of the columns holding DOUBLE values (published `number` columns): a whole number is read
   * as its digits, and one too long to be exact is also probed as `inexact-number`.
   */
  readonly numberColumns?: readonly string[];
  /** With `rowNumberExpr`: also the first this many row numbers of each candidate (first_rows, ascending). */
  readonly firstRows?: number;
}

/** One row of the scan result. */
export interface PiiCandidateRow {
  readonly column_name: string;
  readonly detector: string;
  readonly candidate: string;
  readonly occurrences: number | bigint;
  /** With the `firstRows` option: the candidate's first row numbers, ascending (a row twice if it holds it twice). */
  readonly first_rows?: readonly (number | bigint | string)[] | null;
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
  const numbers = new Set(options.numberColumns ?? []);
  const normalized = columns.map((c, i) => {
    if (numbers.has(c)) {
      return `${numberTextSql(quoteIdent(c))} AS __pii_${i}, ${inexactDigitsSql(quoteIdent(c))} AS __piix_${i}`;
    }
    const v = `CAST(${quoteIdent(c)} AS VARCHAR)`;
    return `CASE WHEN regexp_matches(${v}, ${unusual}) THEN ${readableSql(v)} ELSE ${v} END AS __pii_${i}`;
  });
  const numerals = quoteLiteral(NUMERAL_CLASS);
  const probe = (c: string, detector: string, candidates: string) =>
    `{column_name: ${quoteLiteral(c)}, detector: ${quoteLiteral(detector)}, candidates: ${candidates}}`;
  const probes = columns.flatMap((c, i) => [
    ...detectors.flatMap((d) => {
      const plain = probe(c, d.id, `regexp_extract_all(__pii_${i}, ${quoteLiteral(d.prefilter)})`);
      if (!d.readsNumerals) return [plain];
      // The candidates holding a numeral (the others are the plain probe's), read in JS (`hitsIn`).
      const written = `list_filter(regexp_extract_all(__pii_${i}, ${quoteLiteral(numeralPrefilter(d.prefilter))}), lambda x: regexp_matches(x, ${numerals}))`;
      return [plain, probe(c, d.id, `CASE WHEN __piin_${i} THEN ${written} END`)];
    }),
    probe(c, INEXACT_NUMBER.id, numbers.has(c) ? `__piix_${i}` : wholeDoubleDigitsSql(`__pii_${i}`)),
  ]);
  const withRow = options.rowNumberExpr !== undefined && Boolean(options.firstRows);
  const read = `SELECT ${normalized.join(', ')}${withRow ? `, ${options.rowNumberExpr} AS row_number` : ''} FROM ${relationSql}`;
  // Whether a cell holds a run of digits with a Chinese numeral, once per cell for every detector reading them.
  const runs = detectors.some((d) => d.readsNumerals)
    ? `SELECT *, ${columns.map((_, i) => `regexp_matches(__pii_${i}, ${quoteLiteral(NUMERAL_RUN)}) AS __piin_${i}`).join(', ')} FROM (${read})`
    : read;
  const probed = `SELECT unnest([${probes.join(', ')}]) AS p${withRow ? ', row_number' : ''} FROM (${runs})`;
  const unnested = `SELECT p.column_name, p.detector, unnest(p.candidates) AS candidate${withRow ? ', row_number' : ''} FROM (${probed}) WHERE len(p.candidates) > 0`;
  // Candidates that cannot pass validate (wrong length or prefix) are dropped here, inside DuckDB
  // (with their numerals read as digits).
  const checked = detectors.filter((d) => d.candidateCheck !== undefined);
  const asRead = (d: Detector) =>
    d.readsNumerals ? `translate(candidate, ${quoteLiteral(NUMERALS)}, ${quoteLiteral(NUMERAL_DIGITS)})` : 'candidate';
  const found =
    checked.length === 0
      ? unnested
      : `SELECT * FROM (${unnested}) WHERE CASE detector ${checked
          .map(
            (d) =>
              `WHEN ${quoteLiteral(d.id)} THEN regexp_full_match(${asRead(d)}, ${quoteLiteral(d.candidateCheck as string)})`,
          )
          .join(' ')} ELSE true END`;
  const firstRows =
    withRow && options.firstRows ? `, min(row_number, ${Math.trunc(options.firstRows)}) AS first_rows` : '';
  return (
    `SELECT column_name, detector, candidate, count(*) AS occurrences${firstRows} ` +
    `FROM (${found}) GROUP BY column_name, detector, candidate ORDER BY column_name, detector, candidate`
  );
}

/**
 * SQL twin of `readable(text).text`: look-alikes translated, invisible characters removed, and (only in
 * text holding one) each two-digit symbol as the circled digits of its tens and units (⑬ as ①③).
 */
export function readableSql(v: string): string {
  const read = `regexp_replace(translate(${v}, ${quoteLiteral(LOOKALIKE_FORMS)}, ${quoteLiteral(LOOKALIKE_ASCII)}), ${quoteLiteral(INVISIBLE_CLASS)}, '', 'g')`;
  const tens = TWO_DIGIT_TENS.reduce(
    (x, t) => `regexp_replace(${x}, ${quoteLiteral(`(${t.symbols})`)}, ${quoteLiteral(`${t.tens}\\1`)}, 'g')`,
    read,
  );
  const two = `translate(${tens}, ${quoteLiteral(TWO_DIGIT_SYMBOLS)}, ${quoteLiteral(TWO_DIGIT_UNITS)})`;
  return `CASE WHEN regexp_matches(${v}, ${quoteLiteral(TWO_DIGIT_CLASS)}) THEN ${two} ELSE ${read} END`;
}

/**
 * One RE2 regex that matches a text if some detector could find a valid candidate in it (each
 * detector's rowFilter, or its prefilter): rows it does not match need no per-detector probing. It
 * reads the text as published, so any text the detectors read only after normalising (a full-width
 * digit or ＠, an invisible character, an ideographic space between digits, a run of digits holding a
 * Chinese numeral…) makes a candidate row. It holds astral characters: a JS RegExp of it needs the `u` flag.
 */
export function piiRowFilter(detectors: readonly Detector[]): string {
  return [
    ...detectors.map((d) => `(?:${d.rowFilter ?? d.prefilter})`),
    WHOLE_DOUBLE_ROW_FILTER,
    ...UNUSUAL_ROW_FILTERS,
  ].join('|');
}

/** A confirmed hit of the scan: occurrences of one value (as the detectors read it) per column and detector. */
export interface PiiHitRow {
  readonly column_name: string;
  readonly detector: string;
  /** The identifier as the detectors read it (numerals as digits; a grouped ID without the numbers around it). */
  readonly candidate: string;
  readonly occurrences: number;
  /** With the scan's `firstRows`: distinct rows holding the value, ascending (each candidate's first ones). */
  readonly first_rows?: readonly number[];
}

/**
 * Confirms scan rows in JS (the second stage of the scan): the identifiers each candidate holds
 * (`hitsIn`: validate, or the detector's `find`; numerals read as digits) and the inexact-number
 * rule, merged per column, detector and value (occurrences summed, first rows merged).
 */
export function confirmCandidates(rows: Iterable<PiiCandidateRow>, detectors: readonly Detector[]): PiiHitRow[] {
  const byId = new Map(detectors.map((d) => [d.id, d]));
  const merged = new Map<string, PiiHitRow>();
  const add = (r: PiiCandidateRow, detector: string, value: string) => {
    const key = `${r.column_name}\u0000${detector}\u0000${value}`;
    const had = merged.get(key);
    merged.set(key, {
      column_name: r.column_name,
      detector,
      candidate: value,
      occurrences: (had?.occurrences ?? 0) + Number(r.occurrences),
      ...(r.first_rows === undefined || r.first_rows === null
        ? {}
        : { first_rows: distinctRows([...(had?.first_rows ?? []), ...r.first_rows.map(Number)]) }),
    });
  };
  for (const r of rows) {
    if (r.detector === INEXACT_NUMBER.id) {
      const hit = inexactNumberHit(r.candidate);
      if (hit && (hit.detector === INEXACT_NUMBER.id || byId.has(hit.detector))) add(r, hit.detector, hit.value);
      continue;
    }
    const d = byId.get(r.detector);
    if (d) for (const h of hitsIn(d, r.candidate)) add(r, d.id, h.value);
  }
  return [...merged.values()];
}

/** The distinct rows, ascending. */
const distinctRows = (rows: readonly number[]) => [...new Set(rows)].sort((a, b) => a - b);
