import { latestPublished } from '../core/catalog/build-entry.ts';
import {
  datasetWithdrawn,
  noDataset,
  noPublishedVersion,
  notAVersion,
  noVersion,
  versionWithdrawn,
} from '../core/catalog/catalog-problems.ts';
import type { DatasetEntry, VersionRecord } from '../core/catalog/schema.ts';
import { withoutWithdrawnSamples, withoutWithdrawnSamplesAll } from '../core/catalog/withdrawn-samples.ts';
import { closestName } from '../core/query/closest-name.ts';
import type { Deps } from './deps.ts';

/**
 * GET /v1/datasets/{id}: the dataset's record while it has a published version. Once every version is
 * withdrawn (`latestVersion: null`) the dataset is gone: 410 with the reasons and the withdrawn
 * versions, as its data answers; it has also left the list, the facets and the site (search-datasets.ts,
 * build-snapshot.ts). The versions' records and reasons stay readable under `/versions` (transparency:
 * what was published, when and why it was withdrawn), and the audit ledger keeps who did it.
 */
export async function getDataset(deps: Deps, id: string): Promise<DatasetEntry> {
  const entry = await findDataset(deps, id);
  if (entry.latestVersion === null) throw await datasetGone(deps, id);
  return entry;
}

async function findDataset(deps: Deps, id: string): Promise<DatasetEntry> {
  const d = await deps.catalog.getDataset(id);
  if (!d) throw noDataset(id, (await nearDatasetIds(deps))(id));
  return d.value;
}

/**
 * From one listing of the catalogue, the published dataset an unknown id most likely meant
 * (`seattle_weather`, `Seattle-Weather`, `us-flights`), for a 404's or an unknown table's hint; none for
 * a published id itself (its version is what is missing). Only a refusal pays for the listing; only
 * datasets the catalogue shows (with a published version) are offered.
 */
export async function nearDatasetIds(deps: Deps): Promise<(id: string) => string | undefined> {
  const shown = (await deps.catalog.listDatasets()).filter((e) => e.latestVersion !== null).map((e) => e.id);
  return (id) => (id.length > 200 || shown.includes(id) ? undefined : closestName(id, shown));
}

/** 410 for a dataset whose every version is withdrawn (404 if it has none the catalogue shows). */
async function datasetGone(deps: Deps, id: string) {
  const withdrawn = (await deps.catalog.listVersions(id))
    .filter((v) => v.state === 'withdrawn')
    .sort((a, b) => b.version - a.version)
    .map((v) => ({
      version: v.version,
      reason: v.withdrawn?.reason ?? 'no reason recorded',
      withdrawnAt: v.withdrawn?.at,
    }));
  // The dataset went with the last withdrawal: its reason is the dataset's.
  const last = [...withdrawn].sort((a, b) => (b.withdrawnAt ?? '').localeCompare(a.withdrawnAt ?? ''))[0];
  return last ? datasetWithdrawn(id, last, withdrawn) : noPublishedVersion(id);
}

/**
 * Visible versions: published and withdrawn (pending ones are not visible until committed), with no
 * sample key of a withdrawn version (withdrawn-samples.ts). Listed for a withdrawn dataset too.
 */
export async function listVersions(deps: Deps, id: string): Promise<VersionRecord[]> {
  const entry = await findDataset(deps, id);
  return withoutWithdrawnSamplesAll(
    (await deps.catalog.listVersions(id)).filter((v) => v.state !== 'pending'),
    entry.publisher.id,
  );
}

/**
 * One version's record as the catalogue shows it (withdrawn ones too: their metadata stays readable),
 * with no sample key of a withdrawn version.
 */
export async function showVersion(
  deps: Deps,
  id: string,
  v: string,
): Promise<{ record: VersionRecord; pinned: boolean }> {
  const { record, pinned } = await resolveVersion(deps, id, v, { allowWithdrawn: true });
  const from = record.diff?.fromVersion;
  const fromWithdrawn =
    from !== undefined &&
    record.state !== 'withdrawn' &&
    (await deps.catalog.getVersion(id, from))?.value.state === 'withdrawn';
  // A withdrawal names the department that withdrew it, or the platform (withdrawn-samples.ts).
  const publisher = record.state === 'withdrawn' ? (await deps.catalog.getDataset(id))?.value.publisher.id : undefined;
  return { record: withoutWithdrawnSamples(record, new Set(fromWithdrawn ? [from] : []), publisher), pinned };
}

/**
 * Resolves `v` (a number or `latest`) to a visible version. Withdrawn versions answer 410 with the
 * reason, unless `allowWithdrawn` (metadata stays readable). `where` names what gave `v` in a 400
 * (`path.version` by default; `query.version`, `query.from`, …).
 */
export async function resolveVersion(
  deps: Deps,
  id: string,
  v: string,
  options: { allowWithdrawn?: boolean; where?: string } = {},
): Promise<{ record: VersionRecord; pinned: boolean }> {
  if (v === 'latest') {
    const versions = await listVersions(deps, id);
    const latest = latestPublished(versions);
    // Every version withdrawn: `latest` is gone with them (410, the reasons); none committed yet: 404.
    if (!latest) throw await datasetGone(deps, id);
    return { record: latest, pinned: false };
  }
  if (!/^[1-9][0-9]{0,9}$/.test(v)) throw notAVersion(v, options.where ?? 'path.version');
  const r = await deps.catalog.getVersion(id, Number(v));
  if (!r || r.value.state === 'pending') {
    await findDataset(deps, id);
    throw noVersion(id, v);
  }
  if (r.value.state === 'withdrawn' && !options.allowWithdrawn) throw versionWithdrawn(id, v, r.value.withdrawn);
  return { record: r.value, pinned: true };
}
