/**
 * Child process of release-fault.test.ts: starts the local stand-ins (dynalite + filesystem blobs)
 * on a shared data dir, then runs a release through submit and approve → publish. With a step name,
 * it dies hard (process.exit or SIGKILL) when the publication reaches that step boundary. It prints
 * a JSON summary of what storage holds when it completes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { FsBlobStore } from '../../../functions/adapters/local/fs-blob-store.ts';
import { PrincipalsFile, toPrincipal } from '../../../functions/core/release/principal.ts';
import { startDynalite } from '../../../functions/local/standins/dynalite.ts';
import { approveRelease } from '../../../functions/usecases/release/approve-release.ts';
import { verifyLedger } from '../../../functions/usecases/release/audit-ledger.ts';
import { loadRelease } from '../../../functions/usecases/release/release-store.ts';
import { createRelease } from '../../../functions/usecases/release/submit-release.ts';
import { compose } from '../../../functions/wiring/compose.ts';
import { loadConfig } from '../../../functions/wiring/config.ts';
import { composeLocalReleaseDeps } from '../../../functions/wiring/release-deps.ts';
import { fixtureCsv, fixtureManifest } from '../../support/release-fixtures.ts';

const [dataDir, killAt, how] = process.argv.slice(2) as [string, string, 'exit' | 'kill'];
const repo = join(import.meta.dirname, '..', '..', '..');
await mkdir(join(dataDir, 'tmp'), { recursive: true });
const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb'), table: 'opendata' });
const deps = compose(
  loadConfig({
    OPENDATA_MODE: 'local',
    OPENDATA_DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: 'opendata',
    PUBLIC_BASE_URL: 'http://localhost:8787',
    WORK_DIR: join(dataDir, 'tmp'),
    OPENDATA_ADMIN_TOKEN: 'fault-test-admin-token-not-secret',
  }),
);
const rdeps = composeLocalReleaseDeps(deps, { dataDir, datasetsDir: join(repo, 'datasets') });
const directory = PrincipalsFile.parse(
  parseDocument(await readFile(join(repo, 'datasets', 'principals.yaml'), 'utf8')).toJS(),
);
const who = (id: string) =>
  toPrincipal(directory.principals.find((p) => p.id === id) as (typeof directory.principals)[number]);

const csv = join(dataDir, 'data.csv');
await writeFile(csv, fixtureCsv());
const sha256 = createHash('sha256')
  .update(await readFile(csv))
  .digest('hex');
await createRelease(rdeps, who('carol'), {
  manifestYaml: fixtureManifest(),
  files: [{ name: 'data.csv', path: csv, sha256, bytes: (await stat(csv)).size }],
  releaseId: 'fault-r1',
});
const steps: string[] = [];
await approveRelease(rdeps, who('dave'), 'fault-r1', {
  onStep: (step) => {
    steps.push(step);
    if (step !== killAt) return;
    if (how === 'kill') process.kill(process.pid, 'SIGKILL');
    process.exit(137);
  },
});

// Completed: report what storage holds.
const blobs = deps.blobs as FsBlobStore;
const versions = await deps.catalog.listVersions('test-air-quality');
const summary = {
  steps,
  release: (await loadRelease(deps, 'fault-r1')).value,
  versions: await Promise.all(
    versions.map(async (v) => ({
      version: v.version,
      state: v.state,
      artifacts: v.artifacts.length,
      intact: (
        await Promise.all(
          v.artifacts.map(
            async (a) =>
              createHash('sha256')
                .update(await readFile(blobs.pathOf(a.key)))
                .digest('hex') === a.sha256,
          ),
        )
      ).every(Boolean),
    })),
  ),
  entry: (await deps.catalog.getDataset('test-air-quality'))?.value.latestVersion ?? null,
  audit: await verifyLedger(deps),
};
await dynamo.stop();
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(0);
