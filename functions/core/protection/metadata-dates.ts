import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import { type DatePrecision, datesInText, type WrittenDate } from './dates-in-text.ts';
import { publishedTexts } from './metadata-pii.ts';

/**
 * Dates in the published metadata that could give back a date the data withholds.
 *
 * The metadata is published as written (site, catalogue, DCAT, schema.org, datapackage.json): a
 * temporal bound is usually the date of the first or last record, and a description may tell one
 * ("the last death, on 24 November 1993"). When a date column is withheld at the day (generalized to
 * the month or year, shifted, masked, redacted, dropped, or graded internal), such a date can be the
 * very value its treatment removed. So each date of the metadata, at the precision it is written, is
 * compared with the raw values of every withheld date column (in DuckDB, where the gate has them):
 * metadata-date-issues.ts decides which of those comparisons refuse the release.
 *
 * A year alone is never checked: text is full of years, and a coverage needs at least one.
 */

/** A date written in the published metadata, with where. */
export interface MetadataDate {
  /** Manifest path (`temporal.end`, `description.zh-CN`, `fields.2.description.en`). */
  readonly path: string;
  readonly date: WrittenDate;
}

/** A date column whose true values are not published at the day. */
export interface WithheldDateField {
  readonly name: string;
  readonly type: 'date' | 'datetime' | 'yearmonth';
  /** What its values hold: a day, or a month (yearmonth). */
  readonly native: DatePrecision;
  /** What the published files hold of its true values: a month or a year (generalize-date), or none. */
  readonly published: 'month' | 'year' | undefined;
  /** What was done to it, for the message (`generalize-date to month`, `drop`, `internal`). */
  readonly how: string;
}

/** One comparison to make: a metadata date against a withheld column that holds it more precisely than it publishes. */
export interface DateProbe {
  /** Position in the plan: names its SQL columns. */
  readonly id: number;
  readonly at: MetadataDate;
  readonly field: WithheldDateField;
}

export interface WithheldDatePlan {
  readonly probes: readonly DateProbe[];
  /** The withheld columns the probes read (each read once). */
  readonly fields: readonly WithheldDateField[];
}

const RANK: Record<DatePrecision | 'year', number> = { year: 0, month: 1, day: 2 };

/** How a field's true dates leave the department, when not as they are; undefined when published whole (or not a date). */
export function withheldDateField(f: FieldSpec): WithheldDateField | undefined {
  if (f.type !== 'date' && f.type !== 'datetime' && f.type !== 'yearmonth') return undefined;
  const native: DatePrecision = f.type === 'yearmonth' ? 'month' : 'day';
  const base = { name: f.name, type: f.type, native };
  if (f.grade === 'internal' || f.grade === 'core') return { ...base, published: undefined, how: f.grade };
  const t = f.treatment;
  if (!t) return undefined;
  if (t.kind === 'generalize-date') {
    // Coarsened to what it already holds (a yearmonth to the month): nothing withheld.
    return RANK[t.to] < RANK[native] ? { ...base, published: t.to, how: `generalize-date to ${t.to}` } : undefined;
  }
  // date-shift publishes days, but not the true ones; the other treatments publish none.
  return { ...base, published: undefined, how: t.kind };
}

/** The dates of the published metadata: the temporal bounds as written, and every date read in its text. */
export function metadataDates(manifest: DatasetManifest): MetadataDate[] {
  const out: MetadataDate[] = [];
  for (const bound of ['start', 'end'] as const) {
    const value = manifest.temporal?.[bound];
    const [date] = value && value.length > 4 ? datesInText(value) : [];
    if (date) out.push({ path: `temporal.${bound}`, date });
  }
  for (const [path, text] of publishedTexts(manifest)) {
    for (const date of datesInText(text)) out.push({ path, date });
  }
  return out;
}

/**
 * The comparisons the data must answer: each metadata date against each withheld column that holds
 * values at its precision and publishes them only more coarsely. Undefined when there are none
 * (the usual case: no withheld date column, or no date in the metadata finer than the year).
 */
export function withheldDatePlan(manifest: DatasetManifest): WithheldDatePlan | undefined {
  const withheld = manifest.fields.map(withheldDateField).filter((f) => f !== undefined);
  if (withheld.length === 0) return undefined;
  const probes: DateProbe[] = [];
  for (const at of metadataDates(manifest)) {
    for (const field of withheld) {
      const p = RANK[at.date.precision];
      if (p <= RANK[field.native] && (field.published === undefined || p > RANK[field.published])) {
        probes.push({ id: probes.length, at, field });
      }
    }
  }
  if (probes.length === 0) return undefined;
  return { probes, fields: withheld.filter((f) => probes.some((p) => p.field === f)) };
}
