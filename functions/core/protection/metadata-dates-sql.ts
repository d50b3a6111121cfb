import { type DatasetManifest, publishedFields } from '../manifest/schema.ts';
import { quoteIdent } from '../sql/quote.ts';
import type { WithheldDateField, WithheldDatePlan } from './metadata-dates.ts';
import { rawValuesPublished } from './raw-values-published.ts';

/** A day, a month or a year as the half-open range of days [from, to), both `YYYY-MM-DD`. */
export function dayRange(iso: string): { from: string; to: string } {
  const [y, m = 1, d] = iso.split('-').map(Number) as [number, number?, number?];
  const from = new Date(Date.UTC(y, m - 1, d ?? 1));
  const to =
    d !== undefined
      ? new Date(Date.UTC(y, m - 1, d + 1))
      : iso.length === 7
        ? new Date(Date.UTC(y, m, 1))
        : new Date(Date.UTC(y + 1, 0, 1));
  const text = (t: Date) => t.toISOString().slice(0, 10);
  return { from: text(from), to: text(to) };
}

const inRange = (v: string, iso: string) => {
  const { from, to } = dayRange(iso);
  return `${v} >= DATE '${from}' AND ${v} < DATE '${to}'`;
};

/** SQL: a withheld column's cast value as a DATE (a datetime's day, a yearmonth's first day). */
export function dateValueSql(f: Pick<WithheldDateField, 'type'>, typed: string): string {
  if (f.type === 'date') return typed;
  if (f.type === 'datetime') return `CAST(${typed} AS DATE)`;
  return `TRY_CAST(${typed} || '-01' AS DATE)`;
}

/**
 * Aggregates answering the plan over a relation that holds each withheld column's DATE value
 * (`dateOf`), one pair per probe: `__md_n<id>`, the rows holding the metadata date at its
 * precision, and `__md_g<id>`, the rows sharing its published value (its month or year for a
 * generalized column, every row with a value for one that publishes none).
 */
export function withheldDateCountsSql(plan: WithheldDatePlan, dateOf: (f: WithheldDateField) => string): string[] {
  return plan.probes.flatMap(({ id, at, field }) => {
    const v = dateOf(field);
    const group =
      field.published === undefined ? `count(${v})` : `count_if(${inRange(v, groupOf(at.date.iso, field.published))})`;
    return [`count_if(${inRange(v, at.date.iso)}) AS __md_n${id}`, `${group} AS __md_g${id}`];
  });
}

/** The published value a date falls in: its month or its year. */
const groupOf = (iso: string, published: 'month' | 'year') => iso.slice(0, published === 'month' ? 7 : 4);

/**
 * A query over the published table telling, per day or month (`YYYY-MM-DD`, `YYYY-MM`), whether a
 * published true date holds it: an untreated public date or datetime column (days and months), an
 * untreated yearmonth or a date generalized to the month (months). Shifted dates are not true ones.
 * Column `__mc<i>` answers `isos[i]`; undefined when no published column holds true days or months.
 */
export function carriedDatesSql(manifest: DatasetManifest, isos: readonly string[], table: string): string | undefined {
  const days: string[] = [];
  const months: string[] = [];
  for (const f of publishedFields(manifest)) {
    const col = quoteIdent(f.name);
    if (rawValuesPublished(f) && (f.type === 'date' || f.type === 'datetime')) days.push(`CAST(${col} AS DATE)`);
    else if (rawValuesPublished(f) && f.type === 'yearmonth') months.push(col);
    else if (f.treatment?.kind === 'generalize-date' && f.treatment.to === 'month') months.push(col);
  }
  if ((days.length === 0 && months.length === 0) || isos.length === 0) return undefined;
  const holds = (iso: string) => {
    const any = days.map((d) => (iso.length === 10 ? `${d} = DATE '${iso}'` : inRange(d, iso)));
    if (iso.length === 7) any.push(...months.map((m) => `${m} = '${iso}'`));
    return any.length > 0 ? `coalesce(bool_or(${any.join(' OR ')}), false)` : 'false';
  };
  return `SELECT ${isos.map((iso, i) => `${holds(iso)} AS __mc${i}`).join(', ')} FROM ${table}`;
}
