import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The platform's version from the repository's package.json (the local platform's APP_VERSION, the site's API reference). */
export async function appVersion(): Promise<string> {
  const path = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(await readFile(path, 'utf8')) as { version: string }).version;
}
