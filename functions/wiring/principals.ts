import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
import { PrincipalsFile } from '../core/release/principal.ts';

/** Parses a principals directory (YAML or JSON text) strictly, naming the source on failure. */
export function parsePrincipals(text: string, source: string): PrincipalsFile {
  const r = PrincipalsFile.safeParse(parseDocument(text).toJS());
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid principals directory ${source}:\n${lines}\nhint: see docs/releases.md (Roles)`);
  }
  return r.data;
}

/**
 * AWS: the principal directory of this function, from PRINCIPALS_JSON or a PRINCIPALS_FILE bundled
 * with the code (the stack sets one of them on every function with IAM routes); undefined if neither.
 */
export function principalsFromEnv(env: NodeJS.ProcessEnv): PrincipalsFile | undefined {
  if (env.PRINCIPALS_JSON) return parsePrincipals(env.PRINCIPALS_JSON, 'PRINCIPALS_JSON');
  if (env.PRINCIPALS_FILE) {
    const file = isAbsolute(env.PRINCIPALS_FILE)
      ? env.PRINCIPALS_FILE
      : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), env.PRINCIPALS_FILE);
    return parsePrincipals(readFileSync(file, 'utf8'), file);
  }
  return undefined;
}
