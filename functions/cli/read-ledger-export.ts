import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ExportHead, segmentsOf } from '../core/release/audit-export-head.ts';
import { mapConcurrently } from '../usecases/map-concurrently.ts';
import { networkReason } from './network-reason.ts';

/** Why an export could not be read (no file, an HTTP error, a line that is not JSON); `zh`: the same in Chinese. */
export class ExportUnreadable extends Error {
  readonly zh: string;
  constructor(message: string, zh: string) {
    super(message);
    this.name = 'ExportUnreadable';
    this.zh = zh;
  }
}

/** What `--export` names: a head (every segment from the first entry), or one segment's lines. */
export type LedgerExport =
  | {
      readonly kind: 'head';
      readonly head: ExportHead;
      /** The segments' lines, in the head's order. */
      readonly segments: ReadonlyArray<{ readonly source: string; readonly lines: unknown[] }>;
    }
  | { readonly kind: 'segment'; readonly lines: unknown[] };

/** Segments fetched at once when a head names many. */
const FETCHES_IN_FLIGHT = 8;

/**
 * A public ledger export: a local file, or an http(s) URL (e.g.
 * `https://<site>/files/_audit/head-0000000042.json`). A head's segments are fetched from the same site
 * (its paths are `/files/_audit/…`), or, for a local head, read from the head's folder by file name.
 * Anything else is read as one segment (`ledger-<from>-<to>.ndjson`, or an older full export).
 */
export async function readLedgerExport(source: string, cwd: string): Promise<LedgerExport> {
  const remote = /^https?:\/\//.test(source);
  const location = remote ? source : resolve(cwd, source);
  const text = await readText(location);
  const head = asHead(text);
  if (!head) return { kind: 'segment', lines: ndjson(text, source) };
  const locate = (path: string) =>
    remote ? new URL(path, location).toString() : resolve(dirname(location), basename(path));
  const segments = await mapConcurrently(segmentsOf(head), FETCHES_IN_FLIGHT, async (path) => {
    const at = locate(path);
    return { source: at, lines: ndjson(await readText(at), at) };
  });
  return { kind: 'head', head, segments };
}

/** A head file is one JSON object naming its segments (a segment's lines are entries, one per line). */
function asHead(text: string): ExportHead | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const head = ExportHead.safeParse(value);
  return head.success ? head.data : undefined;
}

function ndjson(text: string, source: string): unknown[] {
  // An empty file verifies as nothing at all: saying "intact" of it would vouch for nothing.
  if (text.trim() === '')
    throw new ExportUnreadable(
      `${source} is empty: an export holds at least one entry; is it the right file (head-<seq>.json or ledger-<from>-<to>.ndjson)?`,
      `${source} 是空的：导出至少包含一条记录；是不是选错了文件（应为 head-<seq>.json 或 ledger-<from>-<to>.ndjson）？`,
    );
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new ExportUnreadable(
          `line ${n} of ${source} is not JSON: is it a head-<seq>.json or ledger-<from>-<to>.ndjson export?`,
          `${source} 的第 ${n} 行不是 JSON：它是 head-<seq>.json 或 ledger-<from>-<to>.ndjson 导出吗？`,
        );
      }
    });
}

const readText = (location: string) => (/^https?:\/\//.test(location) ? download(location) : readLocal(location));

async function download(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    const why = networkReason(e);
    throw new ExportUnreadable(`cannot fetch ${url}: ${why.en}`, `无法下载 ${url}：${why.zh}`);
  }
  if (!res.ok)
    throw new ExportUnreadable(
      `${url} answered ${res.status}; the exports are /files/_audit/head-<seq>.json and the segments it names`,
      `${url} 的应答是 ${res.status}；公开导出是 /files/_audit/head-<seq>.json 以及它列出的分段`,
    );
  return res.text();
}

async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const what = READ_FAILURES_ZH[code];
    throw new ExportUnreadable(
      `cannot read ${path} (${code})`,
      `无法读取 ${path}（${what ? `${what}，` : ''}${code}）`,
    );
  }
}

/** What the common read failures mean, in Chinese (the code stays beside it). */
const READ_FAILURES_ZH: Readonly<Record<string, string>> = {
  ENOENT: '没有这个文件',
  EISDIR: '这是一个文件夹',
  EACCES: '没有读取权限',
};
