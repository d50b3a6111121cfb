import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the local admin token lives (API key management): `<data-dir>/secrets/admin.token`. */
export const adminTokenPath = (dataDir: string) => join(dataDir, 'secrets', 'admin.token');

/**
 * The local admin token: OPENDATA_ADMIN_TOKEN if set, else the one generated into the data dir at
 * first start (printed once then). In AWS admins are IAM principals instead.
 */
export async function ensureAdminToken(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  const fromEnv = env.OPENDATA_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const path = adminTokenPath(dataDir);
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const token = `odadmin_${randomBytes(24).toString('base64url')}`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  log(`Admin token for API key management (saved in ${path}):\n  ${token}`);
  return token;
}
