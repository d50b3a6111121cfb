import type { DiffSummary } from '../../core/catalog/schema.ts';
import { badRequest } from '../../core/errors.ts';
import { schemaDiff } from '../../core/release/schema-diff.ts';
import type { Deps } from '../deps.ts';
import { resolveVersion, showVersion } from '../read-catalog.ts';

/**
 * GET /v1/datasets/{id}/versions/{v}/diff?from=: the diff stored with the version (computed in DuckDB
 * at release time against the version before it), or, for another `from`, the schema diff between
 * the two versions' published fields (row counts null: rows are compared at release time only).
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
  return { datasetId: id, version: record.version, diff: schemaDiff(base.record, record, undefined) };
}
