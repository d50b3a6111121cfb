import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbReleaseProcessor } from '../../adapters/duckdb/duckdb-release-processor.ts';
import { loadRegistry, readReleaseFolder } from '../../adapters/local/dataset-folder.ts';
import { sha256File } from '../../adapters/local/fs-blob-store.ts';
import { DOWNLOADABLE } from '../../core/catalog/artifact-keys.ts';
import { buildEntry } from '../../core/catalog/build-entry.ts';
import { buildDataPackage } from '../../core/catalog/datapackage.ts';
import type { VersionRecord } from '../../core/catalog/schema.ts';
import { isAppError } from '../../core/errors.ts';
import type { ValidationReport } from '../../core/validation/report.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { formatReport } from '../report-format.ts';
import { datasetAndRegistry, internalError, refuse, registryLine } from './validate.ts';

/** Every file a preview may write: the data files, the metadata and reports of a published version. */
const PREVIEW_FILES = new Set<string>(DOWNLOADABLE);

/**
 * `opendata preview <dataset-dir> --out <dir>`: a dry run of publication. Runs the same processor
 * as the platform and writes exactly the files a version would have (data in every format,
 * datapackage.json, the validation and de-identification reports, SHA256SUMS) into `--out`,
 * touching no platform storage. A refused release writes only its validation report.
 *
 * Pseudonyms depend on the platform secret: pass `--key-file` (a hex key, e.g. the local
 * platform's) to get the published values; otherwise a throwaway key is used and said so.
 * `--registry <dir>` names the folder of publishers.yaml, as for validate.
 */
export const previewCommand: Command = {
  name: 'preview',
  usage: {
    en: 'preview <dataset-dir> --out <dir> [--key-file <hex-key-file>] [--registry <dir>] [--json]',
    'zh-CN': 'preview <数据集目录> --out <目录> [--key-file <十六进制密钥文件>] [--registry <目录>] [--json]',
  },
  summary: {
    en: 'write the artifacts a release would publish into a folder, without publishing; exit 1 if refused',
    'zh-CN': '把一次发布将会发布的文件写入一个目录，但不发布；发布会被拒绝时退出码为 1',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['out', 'key-file', 'registry'] });
    const { dir, registryDir } = await datasetAndRegistry(positionals, flags, io);
    if (typeof flags.out !== 'string') throw new UsageError('--out <dir> is required', '必须给出 --out <目录>');
    const outDir = resolve(io.cwd, flags.out);
    await checkOutDir(outDir);
    const key = typeof flags['key-file'] === 'string' ? await readKey(resolve(io.cwd, flags['key-file'])) : undefined;

    let folder: Awaited<ReturnType<typeof readReleaseFolder>>;
    let registry: Awaited<ReturnType<typeof loadRegistry>>;
    try {
      registry = await loadRegistry(registryDir);
      folder = await readReleaseFolder(dir, registry);
    } catch (e) {
      if (!isAppError(e)) return internalError(io, 'preview', e);
      return refuse(io, e, flags.json === true, registryDir);
    }
    const manifest = folder.manifest;
    const work = await mkdtemp(join(tmpdir(), 'opendata-preview-'));
    try {
      const processed = await new DuckDbReleaseProcessor().process({
        manifest,
        sources: folder.sources,
        workDir: work,
        pseudonymKey: key ?? randomBytes(32),
      });
      await mkdir(outDir, { recursive: true });
      const written: string[] = [];
      const write = async (name: string, body: string) => {
        await writeFile(join(outDir, name), body);
        written.push(name);
      };
      await write('validation-report.json', json(processed.report));
      const out = processed.output;
      if (!out) {
        if (!flags.json) io.out(registryLine(registryDir, io));
        report(io, flags.json === true, manifest.id, processed.report, written, outDir, key !== undefined);
        return EXIT.refused;
      }
      const files = [];
      for (const f of out.files) {
        const dest = join(outDir, f.name);
        await copyFile(f.path, dest);
        written.push(f.name);
        files.push({
          name: f.name,
          format: f.format,
          mediaType: f.mediaType,
          bytes: (await stat(dest)).size,
          sha256: await sha256File(dest),
        });
      }
      const now = new Date().toISOString();
      // The version number is assigned at publication; a preview describes the next one as "1".
      const version: VersionRecord = {
        datasetId: manifest.id,
        version: 1,
        ...(manifest.label ? { label: manifest.label } : {}),
        state: 'pending',
        releaseId: 'preview',
        publishedAt: now,
        rowCount: out.rowCount,
        fields: [...out.fields],
        primaryKey: manifest.primaryKey,
        artifacts: [],
        manifestSha256: '',
        dataSha256: '',
        deidentification: [...out.deidentification],
        breaking: manifest.breaking !== undefined,
      };
      const entry = buildEntry(manifest, registry, version, undefined, now);
      await write('datapackage.json', json(buildDataPackage(entry, version, files, 'https://preview.invalid')));
      await write(
        'deidentification-report.json',
        json({ dataset: manifest.id, version: null, fields: out.deidentification }),
      );
      await write('preview.json', JSON.stringify(out.preview));
      const sums = [];
      for (const name of [...written].sort()) sums.push(`${await sha256File(join(outDir, name))}  ${name}\n`);
      await write('SHA256SUMS', sums.join(''));
      const pseudonymized = manifest.fields.some((f) => f.treatment?.kind === 'pseudonymize');
      if (!flags.json) io.out(registryLine(registryDir, io));
      report(
        io,
        flags.json === true,
        manifest.id,
        processed.report,
        written,
        outDir,
        key !== undefined,
        out.rowCount,
        pseudonymized,
      );
      return EXIT.ok;
    } catch (e) {
      if (!isAppError(e)) return internalError(io, 'preview', e);
      return refuse(io, e, flags.json === true, registryDir);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

function report(
  io: CliIo,
  asJson: boolean,
  datasetId: string,
  validation: ValidationReport,
  written: readonly string[],
  outDir: string,
  realKey: boolean,
  rowCount?: number,
  /** Whether a published field is pseudonymized (only then does the key show in the output). */
  pseudonymized = false,
): void {
  if (asJson) {
    io.out(
      json({
        dataset: datasetId,
        valid: validation.valid,
        outDir,
        files: written,
        ...(rowCount !== undefined ? { rowCount } : {}),
        pseudonymKey: realKey ? 'given' : 'throwaway',
        report: validation,
      }),
    );
    return;
  }
  const zh = cliLanguage(io.env) === 'zh-CN';
  io.out(formatReport(datasetId, validation, false, zh ? 'zh-CN' : 'en'));
  if (validation.valid) {
    io.out(
      zh
        ? `  已将 ${written.length} 个文件（${rowCount} 行）写入 ${outDir}：${written.join(', ')}`
        : `  wrote ${written.length} files (${rowCount} rows) to ${outDir}: ${written.join(', ')}`,
    );
    if (!realKey && pseudonymized)
      io.out(
        zh
          ? '  注意：假名使用的是临时密钥；用 --key-file 传入平台密钥，才能得到平台实际发布的值'
          : '  note: pseudonyms use a throwaway key; pass --key-file to get the values the platform would publish',
      );
  } else {
    const report = join(outDir, 'validation-report.json');
    io.out(
      zh ? `  不会发布任何内容；校验报告在 ${report}` : `  nothing would be published; the report is in ${report}`,
    );
  }
}

/** The output folder may be new, empty, or hold an earlier preview (whose files are replaced). */
async function checkOutDir(outDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new UsageError(`--out ${outDir} is a file, not a folder`, `--out ${outDir} 是文件，不是目录`);
    throw e;
  }
  const foreign = names.filter((n) => !PREVIEW_FILES.has(n));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3);
    throw new UsageError(
      `--out ${outDir} holds other files (${shown.join(', ')}): use an empty or new folder`,
      `--out ${outDir} 中有其他文件（${shown.join('、')}）：请使用空目录或新目录`,
    );
  }
  for (const n of names) await rm(join(outDir, n));
}

async function readKey(path: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch {
    throw new UsageError(`cannot read the key file ${path}`, `无法读取密钥文件 ${path}`);
  }
  if (!/^([0-9a-f]{2}){16,}$/i.test(text))
    throw new UsageError(
      `the key file ${path} must hold at least 16 bytes as hex`,
      `密钥文件 ${path} 必须是至少 16 字节的十六进制密钥`,
    );
  return Buffer.from(text, 'hex');
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
