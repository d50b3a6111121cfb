/**
 * What the release lifecycle needs besides the common environment (functions/wiring/release-deps.ts):
 *
 * - The publisher/licence registry (datasets/publishers.yaml + licenses.yaml, with licences' usage
 *   terms: several KB, growing with every department). Lambda caps the whole environment at 4 KB, so it
 *   travels as a file bundled into the function's code asset (`registry.json`, validated at synth with
 *   the same parsers the local platform uses). That is the least-privileged delivery: no bucket object,
 *   no custom resource, no extra IAM; changing the registry changes the asset hash, so `cdk deploy`
 *   ships it.
 * - The principals directory (IAM ARN -> principal id and department roles) from the validated
 *   `principals` config: PRINCIPALS_JSON while it is small (it may name the department CI roles this
 *   stack creates, whose ARNs are only known at deploy time), else bundled like the registry.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { parseLicensesYaml, parsePublishersYaml, type Registry } from '../functions/core/manifest/parse.ts';
import type { PlatformConfig, PrincipalConfig } from './config.ts';

/** Name of the registry file in the releases function's asset (read via REGISTRY_FILE). */
export const REGISTRY_FILE_NAME = 'registry.json';
/** Name of the principals file in the asset when PRINCIPALS_JSON would be too large. */
export const PRINCIPALS_FILE_NAME = 'principals.json';
/**
 * Largest PRINCIPALS_JSON we put in the environment (bytes, with deploy-time ARNs estimated at their
 * longest): the other variables take about 1.5 KB of Lambda's 4 KB.
 */
export const PRINCIPALS_ENV_BUDGET = 2_000;
/** Length assumed for an IAM role ARN only known at deploy time. */
const DEPLOY_TIME_ARN_LENGTH = 140;

/** The registry as the releases function sees it; throws (failing synth) on an invalid registry. */
export function readRegistry(datasetsDir: string): Registry {
  const pubFile = join(datasetsDir, 'publishers.yaml');
  const licFile = join(datasetsDir, 'licenses.yaml');
  if (!existsSync(pubFile)) {
    throw new Error(`registry: ${pubFile} is missing. Hint: the releases function checks manifests against it.`);
  }
  const publishers = parsePublishersYaml(readFileSync(pubFile, 'utf8'), pubFile);
  const licenses = existsSync(licFile) ? parseLicensesYaml(readFileSync(licFile, 'utf8'), licFile) : [];
  return { publishers, licenses };
}

/** The bundled `registry.json`. */
export function registryJson(registry: Registry): string {
  return `${JSON.stringify(registry)}\n`;
}

/**
 * Every department the configuration names (CI roles, principals' roles, alert subscriptions) must be a
 * publisher of the registry: a typo would otherwise deploy, then show only as a 403 or a notice never
 * sent. Throws, failing synth, with the ids the registry knows.
 */
export function checkDepartments(
  config: Pick<PlatformConfig, 'departments' | 'principals' | 'alertSubscriptions'>,
  registry: Registry,
): void {
  const known = new Set(registry.publishers.map((p) => p.id));
  const named: Array<[string, string]> = [
    ...config.departments.map((d, i): [string, string] => [`departments[${i}].id`, d.id]),
    ...config.principals.flatMap((p, i) =>
      p.roles.map((r, j): [string, string] => [`principals[${i}].roles[${j}].department`, r.department]),
    ),
    ...config.alertSubscriptions.flatMap(
      (a, i): Array<[string, string]> => (a.department ? [[`alertSubscriptions[${i}].department`, a.department]] : []),
    ),
  ];
  const unknown = named.filter(([, id]) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(
      `opendata config: ${unknown.map(([where, id]) => `${where} "${id}"`).join(', ')}: not a publisher of datasets/publishers.yaml. ` +
        `Hint: departments are publisher ids (${[...known].join(', ')}); register the department there first, or fix the id.`,
    );
  }
}

export interface PrincipalsDelivery {
  /** Environment variables for the releases function (PRINCIPALS_JSON or PRINCIPALS_FILE). */
  readonly environment: Record<string, string>;
  /** Files to bundle into the asset (empty unless the directory is too large for the environment). */
  readonly files: Record<string, string>;
}

/**
 * The principals directory in the functions' format ({ principals: [{ id, name?, iamArns, admin,
 * roles }] }, core/release/principal.ts). `ciRoleArns` resolves `departmentCiRole` references.
 */
export function principalsDelivery(
  scope: IConstruct,
  principals: readonly PrincipalConfig[],
  ciRoleArns: ReadonlyMap<string, string>,
): PrincipalsDelivery {
  const doc = {
    principals: principals.map((p) => {
      const ci = p.departmentCiRole ? ciRoleArns.get(p.departmentCiRole) : undefined;
      if (p.departmentCiRole && !ci) throw new Error(`principal ${p.id}: no CI role for ${p.departmentCiRole}`);
      return {
        id: p.id,
        ...(p.name ? { name: p.name } : {}),
        iamArns: [...p.iamArns, ...(ci ? [ci] : [])],
        admin: p.admin,
        roles: p.roles,
      };
    }),
  };
  const estimate = JSON.stringify(doc, (_k, v) =>
    typeof v === 'string' && Token.isUnresolved(v) ? 'x'.repeat(DEPLOY_TIME_ARN_LENGTH) : v,
  ).length;
  if (estimate <= PRINCIPALS_ENV_BUDGET) {
    return { environment: { PRINCIPALS_JSON: Stack.of(scope).toJsonString(doc) }, files: {} };
  }
  if (doc.principals.some((p) => p.iamArns.some((a) => Token.isUnresolved(a)))) {
    throw new Error(
      `principals: about ${estimate} bytes, too large for PRINCIPALS_JSON (budget ${PRINCIPALS_ENV_BUDGET}) and ` +
        'it names department CI roles (known only at deploy time), so it cannot be bundled either. ' +
        'Hint: replace departmentCiRole with the role ARN in iamArns (see the DepartmentRole<id> stack output).',
    );
  }
  return {
    environment: { PRINCIPALS_FILE: PRINCIPALS_FILE_NAME },
    files: { [PRINCIPALS_FILE_NAME]: `${JSON.stringify(doc)}\n` },
  };
}

/**
 * Shell commands (NodejsFunction afterBundling) copying synth-time files into the asset. Each file is
 * staged once under the OS temp directory, content-addressed, so the commands stay short and
 * shell-safe whatever the content.
 */
export function bundledFileCommands(outputDir: string, files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files).map(([name, content]) => {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bundled file name "${name}" must be a plain file name`);
    const dir = join(tmpdir(), 'opendata-bundled', createHash('sha256').update(content).digest('hex').slice(0, 24));
    const staged = join(dir, name);
    if (!existsSync(staged)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(staged, content);
    }
    return `cp "${staged}" "${join(outputDir, name)}"`;
  });
}
