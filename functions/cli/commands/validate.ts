import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbReleaseProcessor } from '../../adapters/duckdb/duckdb-release-processor.ts';
import { loadRegistry, readReleaseFolder, registryDirFor } from '../../adapters/local/dataset-folder.ts';
import { isAppError } from '../../core/errors.ts';
import type { ValidationReport } from '../../core/validation/report.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { formatReport, reportProblem } from '../report-format.ts';

/**
 * `opendata validate <dataset-dir>`: the manifest, its references and every row of the data, with
 * the same pipeline the platform runs, touching no platform storage. A throwaway key stands in for
 * the platform's pseudonymization secret (validation does not depend on it).
 */
export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate <dataset-dir> [--json]',
  summary: 'check a dataset folder (manifest + data) without publishing; exit 1 if it would be refused',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one dataset folder');
    const dir = resolve(io.cwd, positionals[0] as string);
    const registryDir = registryDirFor(dir);
    if (!registryDir) throw new UsageError(`no publishers.yaml found above ${dir} (the datasets/ folder has it)`);
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
      reportProblem(io, e, flags.json === true);
      return EXIT.refused;
    }
    if (flags.json) io.out(JSON.stringify({ dataset: datasetId, ...report }, null, 2));
    else io.out(formatReport(datasetId, report));
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
