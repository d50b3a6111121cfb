import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretProvider } from '../../ports/secrets.ts';

/**
 * The pseudonymization key for the local platform: 32 random bytes generated on first start and kept
 * in the data directory (git-ignored, mode 0600), never in the repository, never logged.
 */
export class LocalSecretProvider implements SecretProvider {
  private key?: Promise<Uint8Array>;
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  pseudonymKey(): Promise<Uint8Array> {
    this.key ??= (async () => {
      try {
        return Buffer.from((await readFile(this.path, 'utf8')).trim(), 'hex');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        const key = randomBytes(32);
        await writeFile(this.path, key.toString('hex'), { mode: 0o600, flag: 'wx' }).catch(async (err) => {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        });
        await chmod(this.path, 0o600);
        return Buffer.from((await readFile(this.path, 'utf8')).trim(), 'hex');
      }
    })();
    return this.key;
  }
}
