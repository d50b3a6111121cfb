import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import type { FieldType } from '../manifest/vocabulary.ts';
import type { ValidationIssue } from '../validation/report.ts';

/** How precisely a date is known, coarsest first: a date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const PRECISIONS = ['year', 'month', 'day'] as const;
type Precision = (typeof PRECISIONS)[number];
const rank = (p: Precision) => PRECISIONS.indexOf(p);

/** What a value of each date type holds (a datetime's time is finer still, but coverage stops at the day). */
const NATIVE: Partial<Record<FieldType, Precision>> = {
  date: 'day',
  datetime: 'day',
  yearmonth: 'month',
  year: 'year',
};

const LENGTH: Record<Precision, number> = { year: 4, month: 7, day: 10 };
const NAMED: Record<Precision, string> = { year: 'the year', month: 'the month', day: 'the day' };

/** How a field's true dates leave the department: at what precision, or not at all (and why). */
interface DateField {
  readonly name: string;
  readonly native: Precision;
  /** Precision of the true dates in the published files; undefined when none are published. */
  readonly published: Precision | undefined;
  /** What was done to it, for the message (`generalize-date to month`, `date-shift`, `internal`). */
  readonly how: string | undefined;
}

function dateField(f: FieldSpec): DateField | undefined {
  const native = NATIVE[f.type];
  if (!native) return undefined;
  const base = { name: f.name, native };
  // Internal and core fields never leave, whatever their treatment.
  if (f.grade === 'internal' || f.grade === 'core') return { ...base, published: undefined, how: f.grade };
  const t = f.treatment;
  if (!t) return { ...base, published: native, how: undefined };
  if (t.kind === 'generalize-date') {
    const to: Precision = rank(t.to) < rank(native) ? t.to : native;
    return { ...base, published: to, how: `generalize-date to ${t.to}` };
  }
  // date-shift publishes days, but not the true ones; drop, redact, mask, pseudonymize publish none.
  return { ...base, published: undefined, how: t.kind };
}

function precisionOf(date: string): Precision {
  return date.length >= LENGTH.day ? 'day' : date.length >= LENGTH.month ? 'month' : 'year';
}

/**
 * The temporal coverage may not be more precise than the dates the dataset publishes.
 *
 * `temporal.start` and `temporal.end` are published as written (site, catalogue, DCAT, schema.org
 * `temporalCoverage`), and a bound is usually the date of the first or last record. When a date field is
 * concealed (generalized, shifted, dropped, redacted, masked, pseudonymized, or not public), a bound
 * finer than what is published gives back a date the treatment removed: `end: 1993-11-24` over deaths
 * published to the month is the date of death of the one person who died in November 1993.
 *
 * The manifest cannot say which field the coverage describes, so the rule is on the declared precision
 * alone: each bound may be as precise as the most precise true dates published in any field (a public
 * untreated date field: the day; a `generalize-date` field: its `to`; a `yearmonth` field: the month),
 * and only the year when no true date is published at all. Comparing the bounds with the data's
 * min/max instead would pass a day next to an extreme (nearly as telling) and needs the data read; the
 * declared rule is checked before any row is read, and the fix is one edit.
 */
export function temporalPrecisionIssues(manifest: DatasetManifest): ValidationIssue[] {
  const temporal = manifest.temporal;
  if (!temporal) return [];
  const dates = manifest.fields.map(dateField).filter((f) => f !== undefined);
  const concealed = dates.filter((f) => f.published === undefined || rank(f.published) < rank(f.native));
  if (concealed.length === 0) return [];
  const allowed = dates.reduce<Precision>(
    (best, f) => (f.published && rank(f.published) > rank(best) ? f.published : best),
    'year',
  );
  const publishesDates = dates.some((f) => f.published !== undefined);
  const why = concealed
    .slice(0, 3)
    .map((f) => `${f.name}: ${f.how}`)
    .join(', ');
  const more = concealed.length > 3 ? ` and ${concealed.length - 3} more` : '';

  const issues: ValidationIssue[] = [];
  for (const bound of ['start', 'end'] as const) {
    const value = temporal[bound];
    if (value === undefined) continue;
    const written = precisionOf(value);
    if (rank(written) <= rank(allowed)) continue;
    const coarse = value.slice(0, LENGTH[allowed]);
    // The finer part is what the treatment removed: the report shows it masked, like any personal value.
    const masked = `${coarse}${value.slice(LENGTH[allowed]).replace(/\d/g, '*')}`;
    const published = publishesDates
      ? `publishes its dates no more precisely than ${NAMED[allowed]}`
      : 'publishes no true date';
    const yaml = allowed === 'year' ? `'${coarse}'` : coarse;
    issues.push({
      type: 'pii/metadata',
      field: `temporal.${bound}`,
      value: masked,
      message: `temporal.${bound} in dataset.yaml is written to ${NAMED[written]} (${masked}), but the dataset ${published} (${why}${more}): the coverage is published as written (site, DCAT, schema.org) and a bound is usually the date of the first or last record, so it would give back a date the treatment removed`,
      hint: `write \`${bound}: ${yaml}\`${allowed === 'year' ? ' (quoted, or YAML reads a number)' : ''}: no bound may be more precise than the dates the dataset publishes (docs/manifest.md, temporal)`,
    });
  }
  return issues;
}
