import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolvePackageFile } from '../../adapters/local/dataset-folder.ts';
import { isAppError } from '../../core/errors.ts';
import { parseManifestYaml } from '../../core/manifest/parse.ts';
import type { Release } from '../../core/release/release.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { formatRelease } from '../release-format.ts';
import { reportProblem } from '../report-format.ts';

/**
 * `opendata release <dir>`: uploads a release folder (dataset.yaml + its source files) and prints the
 * release id and the check report. The release id is derived from the content, so re-running the
 * same release (a CI retry) returns the same release instead of opening a second one.
 */
export const releaseCommand: Command = {
  name: 'release',
  usage: 'release <dir> [--json]',
  summary: 'submit a dataset release (manifest + data); prints its id and check report; exit 1 if the checks fail',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one dataset (release) folder');
    const dir = resolve(io.cwd, positionals[0] as string);
    let manifestText: string;
    const files: Array<{ name: string; contentBase64: string }> = [];
    try {
      manifestText = await readFile(join(dir, 'dataset.yaml'), 'utf8');
      const manifest = parseManifestYaml(manifestText, join(dir, 'dataset.yaml'));
      for (const f of manifest.source.files) {
        const path = 'path' in f ? resolve(dir, f.path) : resolvePackageFile(f.package, dir);
        if (!path)
          throw new UsageError(`package file ${'package' in f ? f.package : ''} is not installed (npm install)`);
        files.push({
          name: 'path' in f ? f.path : f.package,
          contentBase64: (await readFile(path)).toString('base64'),
        });
      }
    } catch (e) {
      if (isAppError(e)) {
        reportProblem(io, e);
        return EXIT.refused;
      }
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new UsageError(`cannot read ${(e as NodeJS.ErrnoException).path}`);
      throw e;
    }
    const h = createHash('sha256').update(manifestText);
    for (const f of files) h.update(f.name).update(f.contentBase64);
    const idBase = /^id:\s*([a-z0-9-]+)/m.exec(manifestText)?.[1] ?? 'release';
    const releaseId = `${idBase.slice(0, 60)}-${h.digest('hex').slice(0, 16)}`;
    return guarded(io, async () => {
      const a = await callApi(io, 'POST', '/v1/releases', { releaseId, manifest: manifestText, files });
      if (a.status >= 300) {
        printProblem(io, a);
        return EXIT.refused;
      }
      const r = a.body as unknown as Release;
      io.out(flags.json ? JSON.stringify(r, null, 2) : formatRelease(r));
      if (!flags.json) {
        io.out(
          r.state === 'checks-passed'
            ? `next: a second person approves it: opendata approve ${r.id}`
            : `the checks failed: fix the data and release again`,
        );
      }
      return r.state === 'checks-failed' || r.state === 'rejected' ? EXIT.refused : EXIT.ok;
    });
  },
};
