import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DuckDbReleaseProcessor } from '../../adapters/duckdb/duckdb-release-processor.ts';
import { loadRegistry, readReleaseFolder, registryDirFor, releaseDirs } from '../../adapters/local/dataset-folder.ts';
import type { PublishedField } from '../../core/catalog/schema.ts';
import { type AppError, isAppError } from '../../core/errors.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { type DiffSide, schemaDiff } from '../../core/release/schema-diff.ts';
import { type ValidationReport, withIssue } from '../../core/validation/report.ts';
import { undeclaredBreaking } from '../../usecases/release/checks.ts';
import { ApiUnreachable, callApi } from '../api-client.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { LocalizedError } from '../localized-error.ts';
import { formatReport, reportProblem } from '../report-format.ts';

/**
 * `opendata validate <dataset-dir>`: the manifest, its references and every row of the data, with
 * the same pipeline the platform runs, touching no platform storage. A throwaway key stands in for
 * the platform's pseudonymization secret (validation does not depend on it). `--registry <dir>` names
 * the folder of publishers.yaml (and licenses.yaml) when it is not found above the dataset folder.
 * `--against <platform-url>` also applies the breaking-change rule against the dataset's latest
 * published version there, which otherwise only the platform's checks can see.
 */
export const validateCommand: Command = {
  name: 'validate',
  usage: {
    en: 'validate <dataset-dir> [--registry <dir>] [--against <platform-url>] [--json]',
    'zh-CN': 'validate <数据集目录> [--registry <目录>] [--against <平台网址>] [--json]',
  },
  summary: {
    en: 'check a dataset folder (manifest + data) without publishing; exit 1 if it would be refused',
    'zh-CN': '检查一个数据集目录（清单 dataset.yaml + 数据），不发布；发布会被拒绝时退出码为 1',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['registry', 'against'] });
    const { dir, registryDir } = await datasetAndRegistry(positionals, flags, io);
    const against = typeof flags.against === 'string' ? flags.against : undefined;
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
        if (against !== undefined && out.output) {
          const previous = await publishedLatest(io, against, folder.manifest.id);
          if (previous) report = withBreakingCheck(report, folder.manifest, previous, out.output.fields);
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    } catch (e) {
      if (e instanceof ApiUnreachable || e instanceof AgainstError) {
        const lang = cliLanguage(io.env);
        io.err(`✗ --against${lang === 'zh-CN' ? '：' : ': '}${e.text(lang)}`);
        return EXIT.usage;
      }
      if (!isAppError(e)) return internalError(io, 'validate', e);
      return refuse(io, e, flags.json === true, registryDir);
    }
    if (flags.json) io.out(JSON.stringify({ dataset: datasetId, ...report }, null, 2));
    else {
      io.out(registryLine(registryDir, io));
      io.out(formatReport(datasetId, report, false, cliLanguage(io.env)));
    }
    return report.valid ? EXIT.ok : EXIT.refused;
  },
};

/** A `--against` URL that answers, but not as the platform's catalogue API (exit 2, as a usage error). */
class AgainstError extends LocalizedError {}

/**
 * The latest published version of `id` on the platform at `base` (the public catalogue API, no
 * credentials), or undefined when the dataset has none yet (a first release cannot break anything).
 */
async function publishedLatest(io: CliIo, base: string, id: string): Promise<DiffSide | undefined> {
  const a = await callApi(
    { ...io, env: { ...io.env, OPENDATA_API: base } },
    'GET',
    `/v1/datasets/${id}/versions/latest`,
    undefined,
    {
      anonymous: true,
    },
  );
  if (nothingPublished(a.status, a.body, id)) {
    io.err(
      cliLanguage(io.env) === 'zh-CN'
        ? `${base} 上没有 ${id} 的已发布版本：不做不兼容变更检查（首次发布不会破坏什么）`
        : `no published version of ${id} at ${base}: no breaking-change check (a first release breaks nothing)`,
    );
    return undefined;
  }
  const v = a.body as Partial<DiffSide>;
  if (a.status !== 200 || typeof v.version !== 'number' || !Array.isArray(v.fields) || !Array.isArray(v.primaryKey)) {
    const detail = typeof a.body.detail === 'string' ? a.body.detail : undefined;
    const detailZh = (a.body.zh as { detail?: unknown } | undefined)?.detail;
    const endsInV1 = /\/v1\/?$/.test(base);
    throw new AgainstError(
      `${base} answered ${a.status} for /v1/datasets/${id}/versions/latest${detail !== undefined ? `: ${detail}` : ''}; give the platform's base URL (the one serving /v1/${endsInV1 ? ', without the /v1' : ''})`,
      `${base} 对 /v1/datasets/${id}/versions/latest 的答复是 ${a.status}${detail !== undefined ? `：${typeof detailZh === 'string' ? detailZh : detail}` : ''}；请给出平台的基础网址（提供 /v1/ 的那个${endsInV1 ? '，不带 /v1' : ''}）`,
    );
  }
  return { version: v.version, fields: v.fields, primaryKey: v.primaryKey };
}

/**
 * Whether the platform's answer says that `id` has no published version, the only answers that skip the
 * check (a first release breaks nothing): its problem+json 404 "no dataset" or "has no published
 * version", or its 410 for a dataset whose every version is withdrawn (functions/usecases/read-catalog.ts).
 * Any other 404 — the platform's own "no API route" for a wrong base URL (one ending in /v1, a proxy
 * prefix), or some other server's — is no answer about the dataset, and must not pass the check.
 */
function nothingPublished(status: number, body: Record<string, unknown>, id: string): boolean {
  if (body.status !== status || typeof body.detail !== 'string') return false;
  const name = `"${id}"`;
  if (status === 404 && body.type === '/problems/not-found') {
    return body.detail === `no dataset ${name}` || body.detail === `dataset ${name} has no published version`;
  }
  return status === 410 && body.type === '/problems/gone' && body.detail.startsWith(`dataset ${name} was withdrawn:`);
}

/**
 * The breaking-change rule the platform applies at submission (a published field removed or
 * retyped, or the primary key changed, without `breaking: {note}`), as one more issue of the report.
 */
function withBreakingCheck(
  report: ValidationReport,
  manifest: DatasetManifest,
  previous: DiffSide,
  fields: readonly PublishedField[],
): ValidationReport {
  const diff = schemaDiff(
    previous,
    { version: previous.version + 1, fields, primaryKey: manifest.primaryKey },
    undefined,
  );
  const issue = undeclaredBreaking(manifest, diff);
  return issue ? withIssue(report, issue) : report;
}

/**
 * An unexpected error while checking a release (a bug, not a problem with the data): one line, no
 * stack trace, and the exit code of a release that cannot be accepted.
 */
export function internalError(io: CliIo, command: string, e: unknown): number {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  io.err(
    cliLanguage(io.env) === 'zh-CN'
      ? `opendata ${command}：内部错误（程序缺陷，不是数据的问题，请报告给平台团队）：${message}`
      : `opendata ${command}: internal error: ${message} (please report)`,
  );
  return EXIT.refused;
}

/**
 * The dataset folder of a validate/preview command line and the registry folder it is checked
 * against (`--registry <dir>`, else found from the dataset folder); usage errors for what is missing.
 */
export async function datasetAndRegistry(
  positionals: readonly string[],
  flags: Readonly<Record<string, string | boolean>>,
  io: CliIo,
): Promise<{ dir: string; registryDir: string }> {
  if (positionals.length !== 1) throw new UsageError('give exactly one dataset folder', '请给出且仅给出一个数据集目录');
  const given = resolve(io.cwd, positionals[0] as string);
  if (!isFolder(given)) {
    if (existsSync(given)) {
      // Most often the manifest itself: its folder is the one meant.
      const folder = dirname(given);
      throw new UsageError(
        `${given} is a file: give the dataset folder, the one holding dataset.yaml and its data (${folder}?)`,
        `${given} 是一个文件：请给出数据集目录，即存放 dataset.yaml 和数据文件的目录（${folder}？）`,
      );
    }
    throw new UsageError(`no folder ${given}`, `目录 ${given} 不存在`);
  }
  const dir = await releaseFolderOf(given, io);
  if (typeof flags.registry === 'string') {
    const registryDir = resolve(io.cwd, flags.registry);
    if (!isFolder(registryDir))
      throw new UsageError(`--registry: no folder ${registryDir}`, `--registry：目录 ${registryDir} 不存在`);
    if (!existsSync(join(registryDir, 'publishers.yaml')))
      throw new UsageError(
        `--registry: no publishers.yaml in ${registryDir}`,
        `--registry：${registryDir} 中没有 publishers.yaml`,
      );
    return { dir, registryDir };
  }
  const registryDir = registryDirFor(dir, io.cwd);
  if (!registryDir) {
    throw new UsageError(
      `no publishers.yaml found above ${dir} nor in the datasets/ folder of this project: pass --registry <dir>`,
      `在 ${dir} 的上级目录和本项目的 datasets/ 目录中都没有找到 publishers.yaml：请用 --registry <目录> 指定`,
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
  if (cliLanguage(io.env) === 'zh-CN') {
    return `登记文件：${files.map(shown).join(', ')}${inside ? '' : '（用 --registry <dir> 指定其他目录）'}`;
  }
  return `registry: ${files.map(shown).join(', ')}${inside ? '' : ' (pass --registry <dir> to use another)'}`;
}

/**
 * The release folder to check: the folder itself when it has dataset.yaml; for a dataset kept as
 * releases/<NN-label>/ subfolders, the last of them (the one being added: the platform publishes
 * them in this order, and earlier ones are published already), said on stderr so that --json output
 * stays one report.
 */
async function releaseFolderOf(dir: string, io: CliIo): Promise<string> {
  const folders = await releaseDirs(dir);
  const last = folders.at(-1);
  // The folder itself (it holds dataset.yaml), or none: reading it reports the missing dataset.yaml.
  if (last === undefined || last === dir) return dir;
  const shown = relative(io.cwd, last) || '.';
  const zh = cliLanguage(io.env) === 'zh-CN';
  io.err(
    folders.length === 1
      ? zh
        ? `检查发布目录 ${shown}`
        : `checking the release folder ${shown}`
      : zh
        ? `检查 ${folders.length} 个发布目录中最新的一个：${shown}（要检查其他目录，请指定该目录）`
        : `checking the latest of ${folders.length} release folders, ${shown} (name another folder to check it)`,
  );
  return last;
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
