import type { DiffSummary, VersionRecord } from '../../core/catalog/schema.ts';
import { withoutWithdrawnSamples } from '../../core/catalog/withdrawn-samples.ts';
import { badRequest } from '../../core/errors.ts';
import { schemaDiff } from '../../core/release/schema-diff.ts';
import type { Deps } from '../deps.ts';
import { resolveVersion } from '../read-catalog.ts';

/**
 * GET /v1/datasets/{id}/versions/{v}/diff?from=: the diff stored with the version (computed in DuckDB
 * at release time against the version before it), or, for another `from`, the schema diff between
 * the two versions' published fields (row counts null: rows are compared at release time only). Either
 * way without what only a withdrawn version held (withdrawn-samples.ts).
 *
 * `v` is resolved once (`latest` is one listing): the version answered is the one diffed.
 */
export async function versionDiff(
  deps: Deps,
  id: string,
  v: string,
  from: string | undefined,
): Promise<{ datasetId: string; version: number; diff: DiffSummary | null }> {
  const { record } = await resolveVersion(deps, id, v, { allowWithdrawn: true });
  const stored = from === undefined || (record.diff !== undefined && String(record.diff.fromVersion) === from);
  // The version diffed from: the stored diff's (read only to tell whether it was withdrawn), or `from`.
  let base: VersionRecord | undefined;
  if (stored) {
    const fromVersion = record.diff?.fromVersion;
    base = fromVersion === undefined ? undefined : (await deps.catalog.getVersion(id, fromVersion))?.value;
  } else {
    base = (await resolveVersion(deps, id, from, { allowWithdrawn: true, where: 'query.from' })).record;
    if (base.version >= record.version) {
      throw badRequest({
        detail: `from=${from} is not older than version ${record.version}`,
        hint: 'compare with an earlier version',
        zh: { detail: `from=${from} 不早于第 ${record.version} 版`, hint: '请与更早的版本比较' },
        errors: [{ where: 'query.from', message: 'must be an earlier version', zh: { message: '必须是更早的版本' } }],
      });
    }
  }
  // From the stored records, then shown as any diff is: nothing only a withdrawn version held.
  const diff = stored || !base ? record.diff : schemaDiff(base, record, undefined);
  const withdrawn = new Set(base?.state === 'withdrawn' ? [base.version] : []);
  return {
    datasetId: id,
    version: record.version,
    diff: withoutWithdrawnSamples({ ...record, ...(diff ? { diff } : {}) }, withdrawn).diff ?? null,
  };
}
