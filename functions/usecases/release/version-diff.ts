import type { DiffSummary } from '../../core/catalog/schema.ts';
import { withoutWithdrawnSamples } from '../../core/catalog/withdrawn-samples.ts';
import { badRequest } from '../../core/errors.ts';
import { schemaDiff } from '../../core/release/schema-diff.ts';
import type { Deps } from '../deps.ts';
import { resolveVersion, showVersion } from '../read-catalog.ts';

/**
 * GET /v1/datasets/{id}/versions/{v}/diff?from=: the diff stored with the version (computed in DuckDB
 * at release time against the version before it), or, for another `from`, the schema diff between
 * the two versions' published fields (row counts null: rows are compared at release time only). Either
 * way without what only a withdrawn version held (withdrawn-samples.ts).
 */
export async function versionDiff(
  deps: Deps,
  id: string,
  v: string,
  from: string | undefined,
): Promise<{ datasetId: string; version: number; diff: DiffSummary | null }> {
  const { record } = await showVersion(deps, id, v);
  if (from === undefined || (record.diff && String(record.diff.fromVersion) === from)) {
    return { datasetId: id, version: record.version, diff: record.diff ?? null };
  }
  const base = await resolveVersion(deps, id, from, { allowWithdrawn: true, where: 'query.from' });
  if (base.record.version >= record.version) {
    throw badRequest({
      detail: `from=${from} is not older than version ${record.version}`,
      hint: 'compare with an earlier version',
      errors: [{ where: 'query.from', message: 'must be an earlier version' }],
    });
  }
  // From the stored records, then shown as any diff is: nothing only a withdrawn version held.
  const raw = (await resolveVersion(deps, id, v, { allowWithdrawn: true })).record;
  const diff = schemaDiff(base.record, raw, undefined);
  const withdrawn = new Set(base.record.state === 'withdrawn' ? [base.record.version] : []);
  return {
    datasetId: id,
    version: record.version,
    diff: withoutWithdrawnSamples({ ...raw, diff }, withdrawn).diff ?? null,
  };
}
