/**
 * Which registry (publishers.yaml, licenses.yaml) `validate` and `preview` check a dataset against:
 * `--registry <dir>`, else the nearest one above the dataset folder within its project; the one used
 * is printed. A dataset folder that does not exist is a usage error, and a refused manifest reports
 * its schema and reference problems in one round.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');

function capture(cwd = root) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd }, out, err };
}

describe('validate/preview: the registry', () => {
  let work: string;
  let registry: string;
  let dataset: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cli-registry-'));
    // A project of its own (package.json), so the search never climbs into the shared tmp folder.
    await writeFile(join(work, 'package.json'), '{}');
    registry = join(work, 'registry');
    await mkdir(registry);
    await cp(join(root, 'datasets', 'publishers.yaml'), join(registry, 'publishers.yaml'));
    await cp(join(root, 'datasets', 'licenses.yaml'), join(registry, 'licenses.yaml'));
    dataset = join(work, 'deep', 'down', 'in', 'here', 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dataset, { recursive: true });
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('names the registry used in the human output', async () => {
    const c = capture();
    expect(await main(['validate', join(root, 'datasets', 'seattle-weather')], c.io)).toBe(0);
    expect(c.out[0]).toBe('registry: datasets/publishers.yaml, datasets/licenses.yaml');
  });

  it('takes --registry <dir> for validate and preview', async () => {
    const c = capture(work);
    expect(await main(['validate', dataset, '--registry', 'registry'], c.io)).toBe(0);
    expect(c.out[0]).toBe('registry: registry/publishers.yaml, registry/licenses.yaml');
    const p = capture(work);
    expect(await main(['preview', dataset, '--registry', registry, '--out', join(work, 'out')], p.io)).toBe(0);
    expect(p.out[0]).toMatch(/^registry: registry\/publishers\.yaml/);
  });

  it('finds no registry outside the project of the folder and of the working folder, and says what to do', async () => {
    const c = capture(work);
    expect(await main(['validate', dataset], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/no publishers\.yaml found above .* pass --registry <dir>/);
  });

  it('finds a registry above a deeply nested dataset folder', async () => {
    for (const f of ['publishers.yaml', 'licenses.yaml']) await cp(join(registry, f), join(work, 'deep', f));
    try {
      const c = capture(work);
      expect(await main(['validate', dataset], c.io)).toBe(0);
      expect(c.out[0]).toBe('registry: deep/publishers.yaml, deep/licenses.yaml');
    } finally {
      for (const f of ['publishers.yaml', 'licenses.yaml']) await rm(join(work, 'deep', f));
    }
  });

  it('in no project, prefers the layout, then the working project, to a stray registry higher up', async () => {
    // /tmp/<x>/{publishers.yaml, copies/datasets/{publishers.yaml?, <id>}}: no package.json or .git anywhere.
    const loose = await mkdtemp(join(tmpdir(), 'cli-registry-loose-'));
    try {
      const stray = join(loose, 'publishers.yaml');
      await writeFile(stray, 'publishers: []\n');
      const datasets = join(loose, 'copies', 'datasets');
      const folder = join(datasets, 'seattle-weather');
      await cp(dataset, folder, { recursive: true });
      // The working folder is this project, so its datasets/ registry is the fallback.
      const c = capture();
      expect(await main(['validate', folder], c.io)).toBe(0);
      expect(c.out[0]).toBe('registry: datasets/publishers.yaml, datasets/licenses.yaml');
      // A registry beside the dataset folder (the layout) is found.
      for (const f of ['publishers.yaml', 'licenses.yaml']) await cp(join(registry, f), join(datasets, f));
      const d = capture();
      expect(await main(['validate', folder], d.io)).toBe(0);
      expect(d.out[0]).toBe(
        `registry: ${join(datasets, 'publishers.yaml')}, ${join(datasets, 'licenses.yaml')} (pass --registry <dir> to use another)`,
      );
    } finally {
      await rm(loose, { recursive: true, force: true });
    }
  });

  it('says when the registry is outside the working folder', async () => {
    const c = capture(join(work, 'deep'));
    expect(await main(['validate', dataset, '--registry', registry], c.io)).toBe(0);
    expect(c.out[0]).toBe(
      `registry: ${join(registry, 'publishers.yaml')}, ${join(registry, 'licenses.yaml')} (pass --registry <dir> to use another)`,
    );
  });

  it('is a usage error (exit 2) for a dataset or registry folder that does not exist', async () => {
    const c = capture();
    expect(await main(['validate', 'datasets/no-such-dataset'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(`no folder ${join(root, 'datasets', 'no-such-dataset')}`);
    expect(c.err.join('\n')).not.toMatch(/publishers\.yaml/);
    const m = capture();
    expect(await main(['validate', join(dataset, 'dataset.yaml')], m.io)).toBe(2);
    expect(m.err.join('\n')).toContain(
      `${join(dataset, 'dataset.yaml')} is a file: give the dataset folder, the one holding dataset.yaml and its data (${dataset}?)`,
    );
    const p = capture();
    expect(await main(['preview', 'datasets/no-such-dataset', '--out', join(work, 'o2')], p.io)).toBe(2);
    expect(p.err.join('\n')).toContain('no folder');
    const r = capture();
    expect(await main(['validate', dataset, '--registry', join(work, 'nope')], r.io)).toBe(2);
    expect(r.err.join('\n')).toContain('--registry: no folder');
    const e = capture();
    expect(await main(['validate', dataset, '--registry', work], e.io)).toBe(2);
    expect(e.err.join('\n')).toContain('--registry: no publishers.yaml in');
  });

  it('lists --registry in the usage of both commands', async () => {
    for (const name of ['validate', 'preview']) {
      const c = capture();
      expect(await main([name, '--help'], c.io)).toBe(0);
      expect(c.out.join('\n')).toContain('[--registry <dir>]');
    }
  });

  it('reports an unknown publisher together with the schema problems, in one round', async () => {
    const dir = join(work, 'datasets', 'seattle-weather');
    await cp(dataset, dir, { recursive: true });
    const yaml = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    await writeFile(
      join(dir, 'dataset.yaml'),
      yaml
        .replace('publisher: demo-meteorology', 'publisher: demo-meteorolgy')
        .replace(/^description:/m, 'descripton:'),
    );
    const c = capture(work);
    expect(await main(['validate', dir, '--registry', registry], c.io)).toBe(1);
    const text = c.err.join('\n');
    expect(text).toContain('datasets/seattle-weather/dataset.yaml: descripton: unknown key `descripton`');
    expect(text).toContain('hint: did you mean `description`?');
    expect(text).toContain('dataset.yaml: description: `description` is required');
    expect(text).toContain('dataset.yaml: publisher: publisher "demo-meteorolgy" is not registered');
    expect(text).toContain('hint: did you mean `demo-meteorology`?');
    expect(text).not.toContain('Invalid input');
  });
});
