import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd: root }, out, err };
}

describe('opendata validate', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cli-validate-'));
    await cp(join(root, 'datasets', 'publishers.yaml'), join(work, 'publishers.yaml'));
    await cp(join(root, 'datasets', 'licenses.yaml'), join(work, 'licenses.yaml'));
    await cp(join(root, 'datasets', 'seattle-weather'), join(work, 'seattle-weather'), { recursive: true });
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('exits 0 for a valid dataset folder', async () => {
    const c = capture();
    expect(await main(['validate', join(root, 'datasets', 'seattle-weather')], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/valid \(1461 rows checked\)/);
  });

  it('checks the latest release folder of a dataset kept as releases/<NN-label>/, and says so', async () => {
    const c = capture();
    expect(await main(['validate', join(root, 'datasets', 'mauna-loa-co2'), '--json'], c.io)).toBe(0);
    expect(c.err.join('\n')).toContain('checking the latest of 2 release folders');
    expect(c.err.join('\n')).toContain(join('mauna-loa-co2', 'releases', '02-1958-2020'));
    const body = JSON.parse(c.out.join('\n')) as { dataset: string; valid: boolean };
    expect(body).toMatchObject({ dataset: 'mauna-loa-co2', valid: true });
  });

  it('takes a working copy under any folder name, as opendata release does, but holds datasets/<id> to its id', async () => {
    // docs/releases.md: copy the folder outside datasets/, edit it, release the copy.
    const copy = join(work, 'rel1');
    await cp(join(root, 'datasets', 'seattle-weather'), copy, { recursive: true });
    const c = capture();
    expect(await main(['validate', copy], c.io)).toBe(0);
    // In a project's datasets/ the folder name is the id: a mismatch there is a mistake.
    const misnamed = join(work, 'datasets', 'seattle-wether');
    await cp(join(root, 'datasets', 'seattle-weather'), misnamed, { recursive: true });
    const m = capture();
    expect(await main(['validate', misnamed], m.io)).toBe(1);
    expect([...m.out, ...m.err].join('\n')).toContain(
      'id "seattle-weather" differs from the folder name "seattle-wether"',
    );
  });

  it('exits 1 with file, row, field and hint for bad data', async () => {
    await writeFile(
      join(work, 'seattle-weather', 'seattle-weather.csv'),
      'date,precipitation,temp_max,temp_min,wind,weather\n2012-01-01,0.0,12.8,5.0,4.7,drizzle\n2012-01-02,abc,10.6,2.8,4.5,rain\n',
    );
    const c = capture();
    expect(await main(['validate', join(work, 'seattle-weather')], c.io)).toBe(1);
    const text = c.out.join('\n');
    // The data row, and the line of the file it is on (the header is line 1).
    expect(text).toContain('seattle-weather.csv, row 2 (line 3), field "precipitation"');
    expect(text).toContain('"abc" is not a valid number');
    expect(text).toContain('hint:');
  });

  it('counts no rows when a title line is refused before any row is read', async () => {
    const dir = join(work, 'titled', 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    await writeFile(
      join(dir, 'seattle-weather.csv'),
      '西雅图天气,,,,,\ndate,precipitation,temp_max,temp_min,wind,weather\n2012-01-01,0.0,12.8,5.0,4.7,drizzle\n',
    );
    const c = capture();
    expect(await main(['validate', dir], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toContain('✗ seattle-weather: 1 problem(s), no rows read — the release would be refused');
    expect(text).toContain('[header/title-row] seattle-weather.csv: line 1 looks like a title');
    expect(text).not.toContain('in 0 rows');
  });

  it('exits 1 naming the manifest path for a bad manifest', async () => {
    await writeFile(
      join(work, 'seattle-weather', 'dataset.yaml'),
      'id: seattle-weather\ntitle: x\ndescription: y\npublisher: nobody\n',
    );
    const c = capture();
    expect(await main(['validate', join(work, 'seattle-weather'), '--json'], c.io)).toBe(1);
    const body = JSON.parse(c.out.join('\n')) as { valid: boolean; problem: { errors: Array<{ where: string }> } };
    expect(body.valid).toBe(false);
    expect(body.problem.errors.some((e) => e.where.includes('dataset.yaml: contact'))).toBe(true);
  });

  it('refuses a source path outside the dataset folder, and never reads it', async () => {
    const dir = join(work, 'escape', 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    const manifest = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    for (const path of ['../../../../../../etc/passwd', '/etc/passwd', '.']) {
      await writeFile(join(dir, 'dataset.yaml'), manifest.replace(/path: \S+/, `path: ${path}`));
      const c = capture();
      expect(await main(['validate', dir], c.io), path).toBe(1);
      const text = [...c.out, ...c.err].join('\n');
      expect(text, path).toMatch(/outside the dataset folder/);
      expect(text, path).toMatch(/source\.files\[0\]\.path/);
      expect(text, path).not.toMatch(/root:/);
    }
  });

  it('refuses a link out of the folder, a device and a folder, and never reads them', async () => {
    const dir = join(work, 'links', 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    const manifest = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    await symlink('/etc/passwd', join(dir, 'passwd.csv'));
    await symlink('/proc/self/environ', join(dir, 'environ.csv'));
    await mkdir(join(dir, 'folder.csv'));
    for (const path of ['passwd.csv', 'environ.csv', 'folder.csv']) {
      await writeFile(join(dir, 'dataset.yaml'), manifest.replace(/path: \S+/, `path: ${path}`));
      const c = capture();
      c.io.env = { SECRET_CI_TOKEN: 'ghp_supersecret123' } as never;
      expect(await main(['validate', dir], c.io), path).toBe(1);
      const text = [...c.out, ...c.err].join('\n');
      expect(text, path).toMatch(/not a regular file inside the dataset folder/);
      expect(text, path).not.toMatch(/root:|supersecret/);
    }
  });

  it('reads a package file from the project node_modules only, never through a node_modules in the dataset folder', async () => {
    // The reviewer's layout: node_modules/leak/data.csv in the dataset folder, a link to the runner's environment.
    const dir = join(work, 'packaged', 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    await mkdir(join(dir, 'node_modules', 'leak'), { recursive: true });
    await symlink('/proc/self/environ', join(dir, 'node_modules', 'leak', 'data.csv'));
    const manifest = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    await writeFile(join(dir, 'dataset.yaml'), manifest.replace(/path: \S+/, 'package: leak/data.csv'));
    for (const args of [
      ['validate', dir],
      ['preview', dir, '--out', join(work, 'leak-preview')],
      ['release', dir],
    ]) {
      const c = capture();
      expect(await main(args, c.io), args[0]).not.toBe(0);
      const text = [...c.out, ...c.err].join('\n');
      expect(text, args[0]).toMatch(/leak\/data\.csv is not installed/);
      expect(text, args[0]).not.toMatch(/PATH=|HOME=/);
    }
  });

  it('preview mentions the throwaway pseudonym key only when a field is pseudonymized', async () => {
    const plain = capture();
    const out = join(work, 'preview-plain');
    expect(await main(['preview', join(root, 'datasets', 'seattle-weather'), '--out', out], plain.io)).toBe(0);
    expect(plain.out.join('\n')).toMatch(/wrote 9 files/);
    expect(plain.out.join('\n')).not.toMatch(/throwaway key/);

    const dir = join(work, 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    const yaml = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    await writeFile(
      join(dir, 'dataset.yaml'),
      yaml.replace(
        '  - name: weather\n    type: string\n',
        '  - name: weather\n    type: string\n    grade: sensitive\n    treatment: { kind: pseudonymize }\n',
      ),
    );
    const keyed = capture();
    expect(await main(['preview', dir, '--out', join(work, 'preview-keyed')], keyed.io)).toBe(0);
    expect(keyed.out.join('\n')).toMatch(/throwaway key/);
  });

  it('exits 2 on usage errors', async () => {
    const c = capture();
    expect(await main(['validate'], c.io)).toBe(2);
    expect(await main(['nope'], capture().io)).toBe(2);
    expect(await main(['validate', 'a', '--bogus'], capture().io)).toBe(2);
  });

  it('answers --help on any command with its usage, exit 0', async () => {
    for (const name of ['validate', 'status', 'approve', 'keys']) {
      const c = capture();
      expect(await main([name, '--help'], c.io)).toBe(0);
      expect(c.out.join('\n')).toMatch(new RegExp(`^usage: opendata ${name} `));
    }
  });
});
