import { z } from 'zod';
import type { DatasetManifest } from '../manifest/schema.ts';
import { searchValuesRefusal } from '../manifest/search-values.ts';
import type { PublishedField } from './schema.ts';

/**
 * The value profile of a published version: the most frequent values of its categorical text columns
 * (cities, districts, airport codes, weather kinds), so that catalogue search finds a dataset by a value
 * that is in its data and not in its metadata (`海淀区`, `SFO`), and the dataset page can show them.
 *
 * It is computed from the data as published (after treatment and suppression), and only over columns
 * whose values are published exactly as the source holds them: public, untreated text. A treated column
 * (pseudonymized, masked, generalized, …) or a sensitive one never gets a profile, even where its
 * published values would be harmless, so that nothing here depends on how well a treatment worked.
 * Columns with many distinct values (free text, names, ids) get none either: their values are not what
 * a dataset is about, and would make the profile large. And a value held by few rows is never in it
 * (PROFILE_MIN_ROWS, or the dataset's k-anonymity k when larger): in data about people, a value held
 * by one row points at one person, and search would find the dataset by it.
 *
 * Reference data is the exception its publisher declares: a column with `searchValues: true` in the
 * manifest (a county list, where 海淀区 is one row of 2,978) gets ALL its distinct values, rare ones
 * included, most frequent first, up to SEARCH_VALUES_MAX_BYTES for all such columns of the version
 * (`searchValues: true` on the profiled column; `distinct` says whether the list is complete). The
 * manifest refuses the declaration wherever rows can be about people (manifest/search-values.ts: not
 * on a treated, sensitive, internal or non-text field, nor in a dataset with kAnonymity or a sensitive
 * field), and searchValueColumns applies the same rule again here.
 */

/** A column with more distinct values than this is not profiled (free text, names, ids). */
export const PROFILE_MAX_DISTINCT = 1000;
/** Values kept per column, most frequent first. */
export const PROFILE_VALUES_PER_COLUMN = 50;
/**
 * A value held by fewer published rows than this is never profiled, nor searchable through the profile:
 * a district with one death points at one person. A dataset that declares kAnonymity raises it to its k.
 */
export const PROFILE_MIN_ROWS = 5;
/** A longer value (after trimming) is left out: categorical values are short. */
export const PROFILE_MAX_VALUE_LENGTH = 64;
/** The values of one dataset's profile take at most this many UTF-8 bytes, all columns together. */
export const PROFILE_MAX_BYTES = 8 * 1024;
/**
 * The values of the columns a manifest declares `searchValues` on take at most this many UTF-8 bytes,
 * all such columns of a version together (besides PROFILE_MAX_BYTES for the others): every county name
 * of China (2,978 rows, 31 KB) fits, and a version record and a catalogue entry stay far under their
 * 350 KB (release/record-size.ts; ~80 KB as JSON at most). Each search index holds them too.
 */
export const SEARCH_VALUES_MAX_BYTES = 64 * 1024;

/** The common values of one published column, or all its values when its manifest declares `searchValues`. */
export const ProfiledColumn = z
  .strictObject({
    /** The column's published name. */
    field: z.string(),
    /**
     * Its most frequent values as published, most frequent first (equal counts in code-unit order), trimmed,
     * each held by at least PROFILE_MIN_ROWS rows (profileMinRows), none empty or with a control or format
     * character, each at most PROFILE_MAX_VALUE_LENGTH characters; at most PROFILE_VALUES_PER_COLUMN.
     * With `searchValues`, every value however few rows hold it, as many as SEARCH_VALUES_MAX_BYTES holds.
     * (Reading accepts format characters, which profiles stored before they were refused may hold.)
     */
    values: z
      .array(
        z
          .string()
          .min(1)
          .max(PROFILE_MAX_VALUE_LENGTH)
          .regex(/^\P{Cc}+$/u),
      )
      .min(1)
      .max(SEARCH_VALUES_MAX_BYTES),
    /**
     * How many distinct non-empty values (trimmed) the column has, rare ones included: all of them are
     * listed when this is `values.length`. At most PROFILE_MAX_DISTINCT without `searchValues`.
     */
    distinct: z.number().int().positive(),
    /**
     * The manifest declares `searchValues` on the column (reference data: place names, codes): `values`
     * are all its values, rare ones included, up to SEARCH_VALUES_MAX_BYTES, not only the common ones.
     */
    searchValues: z.literal(true).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.searchValues) return;
    if (c.values.length > PROFILE_VALUES_PER_COLUMN) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: `a column without searchValues lists at most ${PROFILE_VALUES_PER_COLUMN} values`,
      });
    }
    if (c.distinct > PROFILE_MAX_DISTINCT) {
      ctx.addIssue({
        code: 'custom',
        path: ['distinct'],
        message: `a column without searchValues has at most ${PROFILE_MAX_DISTINCT} distinct values`,
      });
    }
  });
export type ProfiledColumn = z.output<typeof ProfiledColumn>;

/** The profiled columns of a version, in the published column order; columns without a profile are absent. */
export const ValueProfile = z.array(ProfiledColumn).meta({
  description:
    'The most frequent values (at most 50, 8 KB in all) of the public, untreated text columns with at most 1,000 distinct values, from the published data, each held by at least 5 rows (or the k of a declared kAnonymity); and, for the columns whose manifest declares searchValues (searchValues: true), all their values, up to 64 KB in all. Searched by GET /v1/datasets?q=',
});
export type ValueProfile = z.output<typeof ValueProfile>;

/**
 * Whether a published column may be profiled: text whose published values are the source's own
 * (graded public, no treatment: raw-values-published.ts says the same for the manifest's fields), and
 * not named by a `piiExceptions` entry (personal data published under an exception is not advertised).
 */
export function profilable(
  f: Pick<PublishedField, 'type' | 'grade' | 'treatment'>,
  piiExcepted: boolean = false,
): boolean {
  return f.type === 'string' && f.grade === 'public' && f.treatment === undefined && !piiExcepted;
}

/** The columns to count for a profile, in published order. */
export function profileColumns(
  fields: readonly Pick<PublishedField, 'name' | 'type' | 'grade' | 'treatment'>[],
  piiExceptionFields: readonly string[] = [],
): string[] {
  const excepted = new Set(piiExceptionFields);
  return fields.filter((f) => profilable(f, excepted.has(f.name))).map((f) => f.name);
}

/**
 * The columns whose every value is profiled: those the manifest declares `searchValues` on, where
 * manifest/search-values.ts allows it (the manifest refuses the others; this keeps a record that
 * bypassed that check from profiling them), in manifest order.
 */
export function searchValueColumns(
  manifest: Pick<DatasetManifest, 'fields' | 'kAnonymity' | 'piiExceptions'>,
): string[] {
  return manifest.fields
    .filter((f) => f.searchValues === true && searchValuesRefusal(f, manifest) === undefined)
    .map((f) => f.name);
}

/**
 * Control characters (search joins a column's values with one: text-match.ts), format characters
 * (bidi overrides, zero-width joiners and spaces: text shown on the site that reads otherwise than it
 * matches) and the line and paragraph separators: no categorical value has them.
 */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** The fewest published rows a profiled value needs: PROFILE_MIN_ROWS, or the dataset's k when larger. */
export function profileMinRows(manifest: Pick<DatasetManifest, 'kAnonymity'>): number {
  return Math.max(PROFILE_MIN_ROWS, manifest.kAnonymity?.k ?? 0);
}

/** The counted values of one column: every distinct non-null value as published with its row count. */
export interface CountedColumn {
  readonly field: string;
  readonly counts: readonly (readonly [value: string, count: number])[];
  /** The manifest declares `searchValues` on the column: every value is kept, however few rows hold it. */
  readonly searchValues?: boolean;
  /**
   * The column's distinct non-empty values, when `counts` holds only its most frequent ones (a counter
   * that sends no more than a profile can keep: profile-values.ts); else the distinct values of `counts`.
   */
  readonly distinct?: number;
}

/**
 * The profile from counted columns (profileColumns' columns, in their order): values trimmed (equal ones
 * merged), empty ones dropped, columns with more than PROFILE_MAX_DISTINCT values dropped, then the most
 * frequent PROFILE_VALUES_PER_COLUMN values of each column that at least `minRows` rows hold (never fewer
 * than PROFILE_MIN_ROWS: profileMinRows), are at most PROFILE_MAX_VALUE_LENGTH long and have no control
 * or format character.
 * The PROFILE_MAX_BYTES budget is shared out rank by rank (every column's most frequent value, then every
 * column's second, …), so a column of long values cannot crowd out the others; each column keeps a prefix
 * of its values by frequency. A `searchValues` column keeps every value of its (no cap on distinct values
 * or rows), sharing SEARCH_VALUES_MAX_BYTES with the other such columns the same way. The input is not mutated.
 */
export function buildValueProfile(columns: readonly CountedColumn[], minRows = PROFILE_MIN_ROWS): ValueProfile {
  const fewest = Math.max(PROFILE_MIN_ROWS, minRows);
  const ranked: Ranked[] = [];
  for (const c of columns) {
    const merged = new Map<string, number>();
    for (const [raw, n] of c.counts) {
      const v = raw.trim();
      if (v) merged.set(v, (merged.get(v) ?? 0) + n);
    }
    const every = c.searchValues === true;
    if (merged.size === 0 || (!every && merged.size > PROFILE_MAX_DISTINCT)) continue;
    const values = [...merged]
      .filter(([v, n]) => (every || n >= fewest) && v.length <= PROFILE_MAX_VALUE_LENGTH && !CONTROL.test(v))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, every ? undefined : PROFILE_VALUES_PER_COLUMN)
      .map(([v]) => v);
    const distinct = Math.max(merged.size, c.distinct ?? 0);
    if (values.length) ranked.push({ field: c.field, distinct, values, every });
  }
  const kept = new Map<Ranked, string[]>();
  shareOut(
    ranked.filter((c) => !c.every),
    PROFILE_MAX_BYTES,
    kept,
  );
  shareOut(
    ranked.filter((c) => c.every),
    SEARCH_VALUES_MAX_BYTES,
    kept,
  );
  return ranked.flatMap((c) => {
    const values = kept.get(c) ?? [];
    if (!values.length) return [];
    return [{ field: c.field, values, distinct: c.distinct, ...(c.every ? { searchValues: true as const } : {}) }];
  });
}

interface Ranked {
  readonly field: string;
  readonly distinct: number;
  readonly values: readonly string[];
  readonly every: boolean;
}

/** Keeps a prefix of each column's values within `budget` UTF-8 bytes, shared out rank by rank. */
function shareOut(columns: readonly Ranked[], budget: number, kept: Map<Ranked, string[]>): void {
  const longest = Math.max(0, ...columns.map((c) => c.values.length));
  const full = new Set<Ranked>();
  let bytes = 0;
  for (const c of columns) kept.set(c, []);
  for (let rank = 0; rank < longest && full.size < columns.length; rank++) {
    for (const c of columns) {
      if (full.has(c)) continue;
      const v = c.values[rank];
      if (v === undefined) {
        full.add(c);
        continue;
      }
      const size = utf8Length(v);
      if (bytes + size > budget) {
        full.add(c);
        continue;
      }
      bytes += size;
      kept.get(c)?.push(v);
    }
  }
}

/** UTF-8 length of a string, without Buffer (the core runs in the browser too). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
