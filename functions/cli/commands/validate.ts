import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DuckDbReleaseProcessor } from '../../adapters/duckdb/duckdb-release-processor.ts';
import { loadRegistry, readReleaseFolder, registryDirFor } from '../../adapters/local/dataset-folder.ts';
import { type AppError, isAppError } from '../../core/errors.ts';
import type { ValidationReport } from '../../core/validation/report.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { formatReport, reportProblem } from '../report-format.ts';

/**
 * `opendata validate <dataset-dir>`: the manifest, its references and every row of the data, with
 * the same pipeline the platform runs, touching no platform storage. A throwaway key stands in for
 * the platform's pseudonymization secret (validation does not depend on it). `--registry <dir>` names
 * the folder of publishers.yaml (and licenses.yaml) when it is not found above the dataset folder.
 */
export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate <dataset-dir> [--registry <dir>] [--json]',
  summary: 'check a dataset folder (manifest + data) without publishing; exit 1 if it would be refused',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['registry'] });
    const { dir, registryDir } = datasetAndRegistry(positionals, flags, io);
    let report: ValidationReport;
    let datasetId = '';
    try {
      const registry = await loadRegistry(registryDir);
      const folder = await readReleaseFolder(dir, registry);
      datasetId = folder.manifest.id;
      const work = await mkdtemp(join(tmpdir(), 'opendata-validate-'));
      try {
        const out = await new DuckDbReleaseProcessor().process({
          manifest: folder.manifest,
          sources: folder.sources,
          workDir: work,
          pseudonymKey: new Uint8Array(32).fill(7),
        });
        report = out.report;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    } catch (e) {
      if (!isAppError(e)) return internalError(io, 'validate', e);
      return refuse(io, e, flags.json === true, registryDir);
    }
    if (flags.json) io.out(JSON.stringify({ dataset: datasetId, ...report }, null, 2));
    else {
      io.out(registryLine(registryDir, io));
      io.out(formatReport(datasetId, report));
    }
    return report.valid ? EXIT.ok : EXIT.refused;
  },
};

/**
 * An unexpected error while checking a release (a bug, not a problem with the data): one line, no
 * stack trace, and the exit code of a release that cannot be accepted.
 */
export function internalError(io: CliIo, command: string, e: unknown): number {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  io.err(`opendata ${command}: internal error: ${message} (please report)`);
  return EXIT.refused;
}

/**
 * The dataset folder of a validate/preview command line and the registry folder it is checked
 * against (`--registry <dir>`, else found from the dataset folder); usage errors for what is missing.
 */
export function datasetAndRegistry(
  positionals: readonly string[],
  flags: Readonly<Record<string, string | boolean>>,
  io: CliIo,
): { dir: string; registryDir: string } {
  if (positionals.length !== 1) throw new UsageError('give exactly one dataset folder');
  const given = resolve(io.cwd, positionals[0] as string);
  if (!isFolder(given)) throw new UsageError(`no folder ${given}`);
  const dir = releaseFolderOf(given, io);
  if (typeof flags.registry === 'string') {
    const registryDir = resolve(io.cwd, flags.registry);
    if (!isFolder(registryDir)) throw new UsageError(`--registry: no folder ${registryDir}`);
    if (!existsSync(join(registryDir, 'publishers.yaml')))
      throw new UsageError(`--registry: no publishers.yaml in ${registryDir}`);
    return { dir, registryDir };
  }
  const registryDir = registryDirFor(dir, io.cwd);
  if (!registryDir) {
    throw new UsageError(
      `no publishers.yaml found above ${dir} nor in the datasets/ folder of this project: pass --registry <dir>`,
    );
  }
  return { dir, registryDir };
}

/** A release refused before any row is read: the problem, after the registry line in the human output. */
export function refuse(io: CliIo, e: AppError, json: boolean, registryDir: string): number {
  if (!json) io.err(registryLine(registryDir, io));
  reportProblem(io, e, json);
  return EXIT.refused;
}

/** One line saying which registry files a run uses, so a stray or stale one does not go unnoticed. */
export function registryLine(registryDir: string, io: CliIo): string {
  const shown = (f: string) => {
    const r = relative(io.cwd, f);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : f;
  };
  const files = ['publishers.yaml', 'licenses.yaml'].map((f) => join(registryDir, f)).filter((f) => existsSync(f));
  const inside = shown(registryDir) !== registryDir || registryDir === io.cwd;
  return `registry: ${files.map(shown).join(', ')}${inside ? '' : ' (pass --registry <dir> to use another)'}`;
}

/**
 * The release folder to check: the folder itself when it has dataset.yaml; for a dataset kept as
 * releases/<NN-label>/ subfolders, the last of them (the one being added: the platform publishes
 * them in this order, and earlier ones are published already), said on stderr so that --json output
 * stays one report.
 */
function releaseFolderOf(dir: string, io: CliIo): string {
  if (existsSync(join(dir, 'dataset.yaml'))) return dir;
  const releases = join(dir, 'releases');
  const names = isFolder(releases)
    ? readdirSync(releases, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(releases, e.name, 'dataset.yaml')))
        .map((e) => e.name)
        .sort()
    : [];
  const last = names.at(-1);
  if (last === undefined) return dir; // reading the folder reports the missing dataset.yaml
  const shown = relative(io.cwd, join(releases, last)) || '.';
  io.err(
    names.length === 1
      ? `checking the release folder ${shown}`
      : `checking the latest of ${names.length} release folders, ${shown} (name another folder to check it)`,
  );
  return join(releases, last);
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
