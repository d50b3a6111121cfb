import type { CommittedVersion } from '../../ports/published-file-access.ts';
import type { ReleaseDeps } from './deps.ts';

/**
 * Brings the edge's files gate in line with the catalogue, which is the source of truth: every
 * published version open, every withdrawn one closed with its reason. Run hourly and by an operator
 * after the gate was recreated (AWS: a redeployed compute stack starts with an empty key value store,
 * so no file is served until this runs — docs/deploy.md). Publication and withdrawal write the gate
 * themselves; this repairs what a step that failed for good left behind. Never reopens a withdrawn version.
 */
export async function reconcileEdgeFiles(
  deps: Pick<ReleaseDeps, 'catalog' | 'publishedFiles'>,
): Promise<{ versions: number; opened: number; closed: number }> {
  const versions: CommittedVersion[] = [];
  for (const dataset of await deps.catalog.listDatasets()) {
    for (const v of await deps.catalog.listVersions(dataset.id)) {
      if (v.state === 'published') versions.push({ datasetId: v.datasetId, version: v.version, state: 'published' });
      else if (v.state === 'withdrawn') {
        versions.push({
          datasetId: v.datasetId,
          version: v.version,
          state: 'withdrawn',
          reason: v.withdrawn?.reason ?? 'withdrawn',
        });
      }
    }
  }
  return { versions: versions.length, ...(await deps.publishedFiles.reconcile(versions)) };
}
