import type { DatasetManifest } from '../../core/manifest/schema.ts';
import {
  dateK,
  isosToCarry,
  metadataDateIssues,
  type ProbeCounts,
  suspectProbes,
} from '../../core/protection/metadata-date-issues.ts';
import type { WithheldDateField, WithheldDatePlan } from '../../core/protection/metadata-dates.ts';
import { carriedDatesSql, dateValueSql, withheldDateCountsSql } from '../../core/protection/metadata-dates-sql.ts';
import { quoteIdent } from '../../core/sql/quote.ts';
import { castSql } from '../../core/validation/cast-sql.ts';
import type { ValidationIssue } from '../../core/validation/report.ts';
import type { DuckDbSession } from './duckdb.ts';

/** The probes' counts out of a row holding the `withheldDateCountsSql` aggregates. */
export function probeCounts(
  plan: WithheldDatePlan,
  row: Record<string, unknown> | undefined,
): Map<number, ProbeCounts> {
  return new Map(
    plan.probes.map((p) => [p.id, { n: Number(row?.[`__md_n${p.id}`] ?? 0), g: Number(row?.[`__md_g${p.id}`] ?? 0) }]),
  );
}

/** Counts the plan over a relation of the raw text columns (the staged `src`), casting each withheld column. */
export async function countWithheldDates(
  db: DuckDbSession,
  manifest: DatasetManifest,
  plan: WithheldDatePlan,
  relation: string,
): Promise<Map<number, ProbeCounts>> {
  const dateOf = (d: WithheldDateField) => {
    const f = manifest.fields.find((x) => x.name === d.name);
    return dateValueSql(d, castSql(f ?? { type: d.type }, quoteIdent(d.name)));
  };
  const [row] = await db.rows<Record<string, unknown>>(
    `SELECT ${withheldDateCountsSql(plan, dateOf).join(', ')} FROM ${relation}`,
  );
  return probeCounts(plan, row);
}

/**
 * The `pii/metadata` issues of metadata dates that give back a withheld value: decided from the
 * counts over the raw values, then (for those that would refuse, if any) asked of table `pub`, the
 * published values, whether they carry the date anyway.
 */
export async function withheldDateIssues(
  db: DuckDbSession,
  manifest: DatasetManifest,
  plan: WithheldDatePlan,
  counts: ReadonlyMap<number, ProbeCounts>,
): Promise<ValidationIssue[]> {
  const k = dateK(manifest);
  const suspects = suspectProbes(plan, counts, k);
  if (suspects.length === 0) return [];
  const isos = isosToCarry(suspects);
  const sql = carriedDatesSql(manifest, isos, 'pub');
  const [row] = sql ? await db.rows<Record<string, unknown>>(sql) : [];
  return metadataDateIssues(suspects, counts, (iso) => row?.[`__mc${isos.indexOf(iso)}`] === true, k);
}
