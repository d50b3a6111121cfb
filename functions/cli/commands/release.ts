import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { folderFile, releaseDirs, resolvePackageFile } from '../../adapters/local/dataset-folder.ts';
import { sha256File } from '../../adapters/local/fs-blob-store.ts';
import { isAppError } from '../../core/errors.ts';
import { parseManifestYaml } from '../../core/manifest/parse.ts';
import type { ReleaseState, ReleaseView } from '../../core/release/release.ts';
import { ApiUnreachable, callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { networkReason } from '../network-reason.ts';
import { formatRelease } from '../release-format.ts';
import { releaseLines } from '../release-lines.ts';
import { reportProblem } from '../report-format.ts';
import { waitForRelease } from '../wait-release.ts';

interface LocalFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}
type Upload = { name: string; url: string; method: 'PUT'; headers: Record<string, string> };

/** States in which the platform is still taking or checking the upload. */
const PENDING: ReadonlySet<ReleaseState> = new Set(['draft', 'submitted']);
/** States in which a release went nowhere: the same content may be released again (`--resubmit`). */
const ENDED: ReadonlySet<ReleaseState> = new Set(['rejected', 'checks-failed', 'publication-failed']);
/** A release that went nowhere, or whose version was withdrawn since: nothing of it is published now. */
const endedOrWithdrawn = (r: ReleaseView): boolean => ENDED.has(r.state) || r.versionWithdrawn !== undefined;
/** How many resubmissions of one content a run follows (each one a request). */
const MAX_RESUBMISSIONS = 50;

/**
 * `opendata release <dir>`: releases a folder (dataset.yaml + its source files) and prints the release
 * id, the check report and what to do next for the state the release is in. The files are announced by
 * size and sha256 and PUT to the presigned URLs the platform answers with (S3 in AWS, the local server
 * locally), so their size is not bound by a request body; the platform submits and checks the release
 * when the last one lands, and the command waits for the result (OPENDATA_WAIT_SECONDS, default 900).
 * The release id is derived from the content, so re-running the same release (a CI retry) returns the
 * same release instead of opening a second one. After that release went nowhere (rejected, checks or
 * publication failed) or its version was withdrawn, `--resubmit` opens the next one of the same
 * content, its id derived from the content and the previous id: a retry of the resubmission is again
 * the same release, and a plain re-run follows the resubmissions to the newest one.
 */
export const releaseCommand: Command = {
  name: 'release',
  usage: { en: 'release <dir> [--resubmit] [--json]', 'zh-CN': 'release <目录> [--resubmit] [--json]' },
  summary: {
    en: 'submit a dataset release (manifest + data); prints its id and check report; exit 1 if the checks fail, it was rejected or its version withdrawn; --resubmit releases the same content again after that',
    'zh-CN':
      '提交数据集的发布申请（清单 dataset.yaml + 数据）；显示其编号和检查报告；检查未通过、被驳回或其版本已撤回时退出码为 1；此后可用 --resubmit 再次发布同样的内容',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json', 'resubmit'] });
    if (positionals.length !== 1)
      throw new UsageError('give exactly one dataset (release) folder', '请给出且仅给出一个数据集（发布）目录');
    const dir = resolve(io.cwd, positionals[0] as string);
    // A dataset kept as several release folders: which one to release is the publisher's choice, not ours.
    const folders = await releaseDirs(dir);
    if (folders.length > 0 && folders[0] !== dir) {
      const shown = folders.map((f) => relative(io.cwd, f) || '.');
      const latest = shown.at(-1);
      throw new UsageError(
        `${positionals[0]} holds release folders, not a dataset.yaml: name the one to release (${shown.join(', ')}), e.g. opendata release ${latest}`,
        `${positionals[0]} 中是各次发布的目录，而不是 dataset.yaml：请指定要发布的那个目录（${shown.join('、')}），例如 opendata release ${latest}`,
      );
    }
    let manifestText: string;
    const files: LocalFile[] = [];
    try {
      manifestText = await readFile(join(dir, 'dataset.yaml'), 'utf8');
      const manifest = parseManifestYaml(manifestText, join(dir, 'dataset.yaml'));
      for (const f of manifest.source.files) {
        // The same rule as validate: a regular file inside the folder (a manifest naming /etc/passwd or
        // a link out of the folder would upload the runner's files).
        const path =
          'path' in f
            ? folderFile(dir, f.path, `${join(dir, 'dataset.yaml')}: source.files.path`)
            : resolvePackageFile(f.package, dir);
        if (!path) {
          const name = 'package' in f ? f.package : '';
          throw new UsageError(
            `package file ${name} is not installed (npm install)`,
            `包文件 ${name} 没有安装（请运行 npm install）`,
          );
        }
        files.push({
          name: 'path' in f ? f.path : f.package,
          path,
          bytes: (await stat(path)).size,
          sha256: await sha256File(path),
        });
      }
    } catch (e) {
      if (isAppError(e)) {
        reportProblem(io, e);
        return EXIT.refused;
      }
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        const path = (e as NodeJS.ErrnoException).path;
        throw new UsageError(`cannot read ${path}`, `无法读取 ${path}`);
      }
      throw e;
    }
    const h = createHash('sha256').update(manifestText);
    for (const f of files) h.update(`\n${f.name}\n${f.sha256}`);
    const idBase = /^id:\s*([a-z0-9-]+)/m.exec(manifestText)?.[1] ?? 'release';
    const content = h.digest('hex');
    const idAfter = (previous?: string) =>
      `${idBase.slice(0, 60)}-${(previous ? createHash('sha256').update(`${content}\nafter ${previous}`).digest('hex') : content).slice(0, 16)}`;
    const lines = releaseLines(cliLanguage(io.env));
    return guarded(io, async () => {
      const announced = files.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 }));
      const open = (releaseId: string) =>
        callApi(io, 'POST', '/v1/releases', { releaseId, manifest: manifestText, files: announced });
      let a = await open(idAfter());
      // This content's release went nowhere (or its version was withdrawn): follow the resubmissions
      // made since, or (--resubmit) open one.
      for (let n = 0; n < MAX_RESUBMISSIONS && a.status < 300; n++) {
        const ended = a.body as unknown as ReleaseView;
        if (!endedOrWithdrawn(ended)) break;
        const next = idAfter(ended.id);
        if (!flags.resubmit && (await callApi(io, 'GET', `/v1/releases/${next}`)).status !== 200) break;
        if (!flags.json && flags.resubmit) io.out(lines.resubmitting(ended, next));
        a = await open(next);
      }
      if (a.status >= 300) {
        printProblem(io, a, flags.json === true);
        return EXIT.refused;
      }
      let r = a.body as unknown as ReleaseView & { uploads?: Upload[] };
      if (r.state === 'draft' && r.uploads) {
        for (const u of r.uploads) {
          const f = files.find((x) => x.name === u.name) as LocalFile;
          if (!flags.json) io.out(lines.uploading(u.name, f.bytes));
          const problem = await putFile(u, f);
          if (problem) {
            io.err(lines.uploadRefused(u.name, problem));
            return EXIT.refused;
          }
        }
        const waited = await waitForRelease(io, r.id, PENDING);
        if (!waited) return EXIT.refused;
        r = waited;
      }
      const { uploads: _uploads, ...release } = r;
      io.out(flags.json ? JSON.stringify(release, null, 2) : formatRelease(release, cliLanguage(io.env)));
      if (!flags.json) io.out(lines.next(release, `opendata release ${positionals[0]} --resubmit`));
      return exitFor(release);
    });
  },
};

/** The exit code for the state the release is in: 0 while it is on its way to publication or published. */
function exitFor(r: ReleaseView): number {
  if (r.state === 'checks-passed' || r.state === 'approved') return EXIT.ok;
  return r.state === 'published' && !r.versionWithdrawn ? EXIT.ok : EXIT.refused;
}

/** PUTs a file to its presigned URL (streamed from disk, with the signed headers); the refusal, if any. */
async function putFile(u: Upload, f: LocalFile): Promise<string | undefined> {
  let res: Response;
  try {
    res = await fetch(u.url, { method: u.method, headers: u.headers, body: await openAsBlob(f.path) });
  } catch (e) {
    // The upload URL is the platform's (locally) or S3's: say which host did not answer, and why.
    const why = networkReason(e);
    const host = new URL(u.url).origin;
    throw new ApiUnreachable(
      `cannot upload ${u.name} to ${host}: ${why.en}. Nothing was published: the release stays a draft, and the same command again uploads its files`,
      `无法把 ${u.name} 上传到 ${host}：${why.zh}。没有发布任何内容：这次发布仍是草稿，再次运行同一条命令即可重新上传文件`,
    );
  }
  if (res.ok) return undefined;
  const text = await res.text();
  let detail = text.slice(0, 300);
  try {
    detail = String((JSON.parse(text) as { detail?: string }).detail ?? detail);
  } catch {
    // S3 answers XML: show it as it is.
  }
  return `HTTP ${res.status}: ${detail}`;
}
