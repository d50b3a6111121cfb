import { notFound } from '../../core/errors.ts';
import { Release } from '../../core/release/release.ts';
import type { Revisioned } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';

/** Release documents: read, and written only by conditional writes on their revision. */
export const RELEASE_KIND = 'release';

export async function loadRelease(deps: Pick<Deps, 'catalog'>, id: string): Promise<Revisioned<Release>> {
  const r = await deps.catalog.getDoc<unknown>(RELEASE_KIND, id);
  if (!r) {
    throw notFound({
      detail: `no release "${id}"`,
      hint: 'list releases with GET /v1/releases',
      zh: { detail: `没有发布申请“${id}”`, hint: '用 opendata status（GET /v1/releases）列出发布申请' },
    });
  }
  return { value: Release.parse(r.value), revision: r.revision };
}

export async function findRelease(deps: Pick<Deps, 'catalog'>, id: string): Promise<Revisioned<Release> | undefined> {
  const r = await deps.catalog.getDoc<unknown>(RELEASE_KIND, id);
  return r && { value: Release.parse(r.value), revision: r.revision };
}

/** Writes the next state; ConditionFailedError when another writer got there first. */
export async function saveRelease(
  deps: Pick<Deps, 'catalog'>,
  next: Release,
  expectedRevision: number,
): Promise<number> {
  await deps.catalog.putDoc(RELEASE_KIND, next.id, next, expectedRevision);
  return expectedRevision + 1;
}

export async function listReleases(
  deps: Pick<Deps, 'catalog'>,
  filter: { datasetId?: string } = {},
): Promise<Release[]> {
  const docs = await deps.catalog.listDocs<unknown>(RELEASE_KIND);
  return docs
    .map((d) => Release.parse(d.value))
    .filter((r) => !filter.datasetId || r.datasetId === filter.datasetId)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}
