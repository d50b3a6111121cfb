import type { VersionRecord } from '../../core/catalog/schema.ts';
import { publicWithdrawal } from '../../core/catalog/withdrawn-samples.ts';
import type { Release, ReleaseView, VersionWithdrawal } from '../../core/release/release.ts';
import type { Deps } from '../deps.ts';
import { mapConcurrently } from '../map-concurrently.ts';

/**
 * A published release whose version was withdrawn since says so (`versionWithdrawn`): the release
 * record keeps what happened to it (`published`), the version record what happened after. Without this
 * a re-run of the same content answered "already published" while the dataset answered 410.
 */
export async function releaseView(deps: Pick<Deps, 'catalog'>, r: Release): Promise<ReleaseView> {
  if (r.state !== 'published' || !r.version) return r;
  const v = await deps.catalog.getVersion(r.datasetId, r.version);
  return withWithdrawal(r, v?.value);
}

/**
 * The same for a list: only the versions the published releases point to are read (a few at a time),
 * not every version of their datasets.
 */
export async function releaseViews(deps: Pick<Deps, 'catalog'>, list: readonly Release[]): Promise<ReleaseView[]> {
  const wanted = new Map<string, { datasetId: string; version: number }>();
  for (const r of list) {
    if (r.state === 'published' && r.version)
      wanted.set(`${r.datasetId}@${r.version}`, { datasetId: r.datasetId, version: r.version });
  }
  const versions = new Map<string, VersionRecord>();
  await mapConcurrently([...wanted], 8, async ([key, { datasetId, version }]) => {
    const v = await deps.catalog.getVersion(datasetId, version);
    if (v) versions.set(key, v.value);
  });
  return list.map((r) =>
    r.state === 'published' && r.version ? withWithdrawal(r, versions.get(`${r.datasetId}@${r.version}`)) : r,
  );
}

function withWithdrawal(r: Release, v: VersionRecord | undefined): ReleaseView {
  if (v?.state !== 'withdrawn' || !v.withdrawn || v.releaseId !== r.id) return r;
  const withdrawal: VersionWithdrawal = publicWithdrawal(v.withdrawn, r.department);
  return { ...r, versionWithdrawn: withdrawal };
}
