import { latestPublished } from '../core/catalog/build-entry.ts';
import type { DatasetEntry, VersionRecord } from '../core/catalog/schema.ts';
import { withoutWithdrawnSamples, withoutWithdrawnSamplesAll } from '../core/catalog/withdrawn-samples.ts';
import { badRequest, gone, notFound } from '../core/errors.ts';
import type { Deps } from './deps.ts';

export async function getDataset(deps: Deps, id: string): Promise<DatasetEntry> {
  const d = await deps.catalog.getDataset(id);
  if (!d) {
    throw notFound({
      detail: `no dataset "${id}"`,
      hint: 'list datasets with GET /v1/datasets; ids are lower-case slugs',
    });
  }
  return d.value;
}

/**
 * Visible versions: published and withdrawn (pending ones are not visible until committed), with no
 * sample key of a withdrawn version (withdrawn-samples.ts).
 */
export async function listVersions(deps: Deps, id: string): Promise<VersionRecord[]> {
  await getDataset(deps, id);
  return withoutWithdrawnSamplesAll((await deps.catalog.listVersions(id)).filter((v) => v.state !== 'pending'));
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
  return { record: withoutWithdrawnSamples(record, new Set(fromWithdrawn ? [from] : [])), pinned };
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
    if (!latest) {
      throw notFound({ detail: `dataset "${id}" has no published version`, hint: 'try again after its first release' });
    }
    return { record: latest, pinned: false };
  }
  if (!/^[1-9][0-9]{0,9}$/.test(v)) {
    throw badRequest({
      detail: `"${v}" is not a version`,
      hint: 'use a version number such as 1, or "latest"',
      errors: [{ where: options.where ?? 'path.version', message: 'must be a positive integer or "latest"' }],
    });
  }
  const r = await deps.catalog.getVersion(id, Number(v));
  if (!r || r.value.state === 'pending') {
    await getDataset(deps, id);
    throw notFound({
      detail: `dataset "${id}" has no version ${v}`,
      hint: `list versions with GET /v1/datasets/${id}/versions`,
    });
  }
  if (r.value.state === 'withdrawn' && !options.allowWithdrawn) {
    throw gone({
      detail: `version ${v} of "${id}" was withdrawn: ${r.value.withdrawn?.reason ?? 'no reason recorded'}`,
      hint: 'use another version, or "latest"',
      extensions: { reason: r.value.withdrawn?.reason, withdrawnAt: r.value.withdrawn?.at },
    });
  }
  return { record: r.value, pinned: true };
}
