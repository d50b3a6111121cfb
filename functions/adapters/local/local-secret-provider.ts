import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parsePseudonymKey } from '../../core/protection/pseudonym-key.ts';
import type { SecretProvider } from '../../ports/secrets.ts';

/**
 * The pseudonymization key for the local platform: 32 random bytes generated on first start and kept
 * in the data directory (git-ignored, mode 0600), never in the repository, never logged. The file holds
 * 64 hex characters; a replaced file must follow the same rule as the AWS secret (parsePseudonymKey).
 */
export class LocalSecretProvider implements SecretProvider {
  private key?: Promise<Uint8Array>;
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  pseudonymKey(): Promise<Uint8Array> {
    // A failure is not kept: once the file is fixed, the next call reads it again.
    this.key ??= this.read().catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }
  private async read(): Promise<Uint8Array> {
    const source = `the key file ${this.path}`;
    try {
      return parsePseudonymKey(await readFile(this.path, 'utf8'), source);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      await writeFile(this.path, key.toString('hex'), { mode: 0o600, flag: 'wx' }).catch(async (err) => {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      });
      await chmod(this.path, 0o600);
      return parsePseudonymKey(await readFile(this.path, 'utf8'), source);
    }
  }
}
