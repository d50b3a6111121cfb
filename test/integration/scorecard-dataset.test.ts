import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogGatedFiles } from '../../functions/adapters/local/catalog-gated-files.ts';
import { loadRegistry } from '../../functions/adapters/local/dataset-folder.ts';
import { publishScorecardDataset, SCORECARD_DATASET_ID } from '../../functions/usecases/publish-scorecard-dataset.ts';
import { readLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { startTestPlatform } from '../support/platform.ts';

describe('department scorecards published as an open dataset through the pipeline', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather', 'cn-provinces'] });
  }, 120_000);
  afterAll(() => p?.cleanup());

  it('publishes one row per dataset, queryable like any dataset, and nothing new when unchanged', async () => {
    const registry = await loadRegistry(join(import.meta.dirname, '..', '..', 'datasets'));
    const first = await publishScorecardDataset({ ...p.deps, publishedFiles: catalogGatedFiles }, registry);
    expect(first.status).toBe('published');
    const r = await fetch(
      `${p.url}/v1/datasets/${SCORECARD_DATASET_ID}/query?$select=dataset,on_time_status,quality_score&$order=dataset`,
    );
    expect(r.status).toBe(200);
    const body = (await r.json()) as { rows: Array<[string, string, number]> };
    expect(body.rows.map((row) => row[0])).toEqual(['cn-provinces', 'seattle-weather']);
    expect(body.rows.every((row) => typeof row[2] === 'number')).toBe(true);
    const again = await publishScorecardDataset({ ...p.deps, publishedFiles: catalogGatedFiles }, registry);
    expect(again.status).toBe('unchanged');
    // Published by the platform, not by a department: the audit ledger says so, once per version.
    const entries = ((await readLedger(p.deps)) as Array<{ actor: string; action: string; subject: string }>).filter(
      (e) => e.action === 'scorecards.published',
    );
    expect(entries).toEqual([
      expect.objectContaining({
        actor: 'system:pipeline',
        subject: `dataset/${SCORECARD_DATASET_ID}/v${first.status === 'published' ? first.version : 0}`,
      }),
    ]);
    expect((await (await fetch(`${p.url}/v1/audit/verify`)).json()) as { valid: boolean }).toMatchObject({
      valid: true,
    });
  });
});
