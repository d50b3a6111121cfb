import type { DatasetEntry } from '../core/catalog/schema.ts';
import type { Deps } from './deps.ts';

/** GET /v1/datasets: every dataset with a published version (search and facets grow here). */
export async function searchDatasets(
  deps: Deps,
  params: Record<string, string | undefined>,
): Promise<{ total: number; datasets: DatasetEntry[] }> {
  const q = params.q?.trim().toLowerCase();
  let all = (await deps.catalog.listDatasets()).filter((d) => d.latestVersion !== null);
  if (q) {
    all = all.filter((d) =>
      [d.id, d.title.en, d.title['zh-CN'], d.description.en, d.description['zh-CN'], ...d.keywords]
        .filter(Boolean)
        .some((t) => String(t).toLowerCase().includes(q)),
    );
  }
  all.sort((a, b) => a.id.localeCompare(b.id));
  return { total: all.length, datasets: all };
}
