import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * How a rebuilt site replaces the one being served (site/build.ts): the new output is placed next to
 * it as `.<name>-next-<tag>`, the old one renamed aside to `.<name>-old-<tag>`, the new one renamed
 * in, the old one deleted. Between the two renames the folder is briefly missing; the static server
 * (serve-static.ts) waits that out instead of answering 404.
 */
export function swapPaths(outDir: string, tag: string): { next: string; old: string } {
  const parent = dirname(outDir);
  const name = basename(outDir);
  return { next: join(parent, `.${name}-next-${tag}`), old: join(parent, `.${name}-old-${tag}`) };
}

/** The identity of the folder at `dir` (device and inode), or undefined when there is none. */
export async function folderIdentity(dir: string): Promise<string | undefined> {
  const s = await stat(dir).catch(() => undefined);
  return s?.isDirectory() ? `${s.dev}:${s.ino}` : undefined;
}

/**
 * Waits (up to `maxMs`) while `outDir` is missing because a swap has renamed it aside and not yet put
 * the new one in. Returns at once when it exists, or when it is missing with no swap under way.
 */
export async function waitOutSwap(outDir: string, maxMs = 1000): Promise<void> {
  const aside = `.${basename(outDir)}-old-`;
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && (await folderIdentity(outDir)) === undefined) {
    const names = await readdir(dirname(outDir)).catch(() => [] as string[]);
    if (!names.some((n) => n.startsWith(aside))) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}
