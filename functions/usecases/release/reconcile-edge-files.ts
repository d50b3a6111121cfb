import type { CommittedVersion, PublishedFileAccess } from '../../ports/published-file-access.ts';
import { listCatalogVersions } from '../catalog-versions.ts';
import type { Deps } from '../deps.ts';

/**
 * Brings the edge's files gate in line with the catalogue, which is the source of truth: every
 * published version open, every withdrawn one closed with its reason. Run hourly (first of the
 * maintenance function's hourly work: it is what keeps a withdrawn version closed) and by an operator
 * or the deployment after the gate was recreated (AWS: a redeployed compute stack starts with an empty
 * key value store, so no file is served until this runs — docs/deploy.md). Publication and withdrawal
 * write the gate themselves; this repairs what a step that failed for good left behind. Never reopens
 * a withdrawn version.
 */
export async function reconcileEdgeFiles(deps: {
  readonly catalog: Deps['catalog'];
  readonly publishedFiles: Pick<PublishedFileAccess, 'reconcile'>;
}): Promise<{ versions: number; opened: number; closed: number }> {
  const perDataset = (await listCatalogVersions(deps.catalog)).map(({ versions }) =>
    versions.flatMap((v): CommittedVersion[] => {
      if (v.state === 'published') return [{ datasetId: v.datasetId, version: v.version, state: 'published' }];
      if (v.state === 'withdrawn') {
        return [
          {
            datasetId: v.datasetId,
            version: v.version,
            state: 'withdrawn',
            reason: v.withdrawn?.reason ?? 'withdrawn',
          },
        ];
      }
      return [];
    }),
  );
  const versions = perDataset.flat();
  return { versions: versions.length, ...(await deps.publishedFiles.reconcile(versions)) };
}
