import type { VersionRecord } from '../../core/catalog/schema.ts';
import { WITHDRAWN_BY_PLATFORM } from '../../core/catalog/withdrawn-samples.ts';
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

/** The same for a list: each dataset's versions read once (a few datasets at a time). */
export async function releaseViews(deps: Pick<Deps, 'catalog'>, list: readonly Release[]): Promise<ReleaseView[]> {
  const datasets = [...new Set(list.filter((r) => r.state === 'published' && r.version).map((r) => r.datasetId))];
  const versions = new Map<string, VersionRecord>();
  await mapConcurrently(datasets, 8, async (id) => {
    for (const v of await deps.catalog.listVersions(id)) versions.set(`${id}@${v.version}`, v);
  });
  return list.map((r) =>
    r.state === 'published' && r.version ? withWithdrawal(r, versions.get(`${r.datasetId}@${r.version}`)) : r,
  );
}

function withWithdrawal(r: Release, v: VersionRecord | undefined): ReleaseView {
  if (v?.state !== 'withdrawn' || !v.withdrawn || v.releaseId !== r.id) return r;
  const { reason, at, by } = v.withdrawn;
  // The party, as everywhere a withdrawal is shown: records stored before named the person.
  const party = by === WITHDRAWN_BY_PLATFORM || by === r.department ? by : undefined;
  const withdrawal: VersionWithdrawal = { reason, at, ...(party ? { by: party } : {}) };
  return { ...r, versionWithdrawn: withdrawal };
}
