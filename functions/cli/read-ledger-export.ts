import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Why an export could not be read (no file, an HTTP error, a line that is not JSON). */
export class ExportUnreadable extends Error {}

/**
 * The entries of a public ledger export (`ledger-<seq>.ndjson`): a local file, or an http(s) URL
 * (e.g. `https://<site>/files/_audit/ledger-0000000042.ndjson`).
 */
export async function readLedgerExport(source: string, cwd: string): Promise<unknown[]> {
  const text = /^https?:\/\//.test(source) ? await download(source) : await readLocal(resolve(cwd, source));
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new ExportUnreadable(`line ${n} of ${source} is not JSON: is it a ledger-<seq>.ndjson export?`);
      }
    });
}

async function download(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ExportUnreadable(`cannot fetch ${url} (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!res.ok)
    throw new ExportUnreadable(`${url} answered ${res.status}; the exports are /files/_audit/ledger-<seq>.ndjson`);
  return res.text();
}

async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new ExportUnreadable(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
