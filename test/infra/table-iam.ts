import { build } from 'esbuild';
import { dataExportName } from '../../infra/data-exports.ts';
import { type Json, resourcesOf, type Synth } from './helpers.ts';

/**
 * IAM's decision for a request on the catalogue table by a handler's role, evaluated from the
 * synthesized statements as IAM does for one request (an explicit deny wins, otherwise an allow is
 * needed), not from their shape. Only what the table statements use is evaluated (the partition-key
 * condition `dynamodb:LeadingKeys` with three operators): anything else throws, to be taught here.
 */
const TABLE = dataExportName('dev', 'TableArn');

const roleId = (handler: string) => `Handlers${handler.charAt(0).toUpperCase()}${handler.slice(1)}Role`;
/** A policy value that may be one item or a list, as a list. */
export const list = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );

/** Whether a statement's condition holds for a request naming these partition keys. */
function conditionHolds(condition: Json | undefined, keys: readonly string[]): boolean {
  for (const [operator, byKey] of Object.entries((condition ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [key, values] of Object.entries(byKey)) {
      if (key !== 'dynamodb:LeadingKeys') throw new Error(`condition key ${key} not evaluated by this test`);
      const patterns = list(values).map((v) => glob(v as string));
      const like = (k: string) => patterns.some((p) => p.test(k));
      const evaluate: Record<string, () => boolean> = {
        'ForAllValues:StringLike': () => keys.every(like),
        'ForAllValues:StringNotLike': () => keys.every((k) => !like(k)),
        'ForAnyValue:StringLike': () => keys.some(like),
      };
      const op = evaluate[operator];
      if (!op) throw new Error(`condition operator ${operator} not evaluated by this test`);
      if (!op()) return false;
    }
  }
  return true;
}

/** The statements and decisions of the handler roles of one synthesized app (`synth()` of helpers.ts). */
export function tableIam(app: () => Synth) {
  /** Every statement (Allow and Deny) of the policies attached to a handler's role. */
  const statementsOf = (handler: string): Json[] =>
    Object.values(resourcesOf(app().compute, 'AWS::IAM::Policy'))
      .filter((p: Json) =>
        (p.Properties.Roles as Json[]).some((r) => typeof r.Ref === 'string' && r.Ref.startsWith(roleId(handler))),
      )
      .flatMap((p: Json) => p.Properties.PolicyDocument.Statement as Json[]);
  /** IAM's decision for one request on the table by a handler's role. */
  const allows = (handler: string, action: string, keys: readonly string[]): boolean => {
    const applicable = statementsOf(handler).filter(
      (st) =>
        list(st.Action).includes(action) &&
        list(st.Resource).some((r) => JSON.stringify(r) === JSON.stringify({ 'Fn::ImportValue': TABLE })) &&
        conditionHolds(st.Condition, keys),
    );
    if (applicable.some((st) => st.Effect === 'Deny')) return false;
    return applicable.some((st) => st.Effect === 'Allow');
  };
  return { statementsOf, allows };
}

/** A handler bundled as its function is (tree-shaken; the AWS SDK, DuckDB and Powertools external). */
export async function bundleOf(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    treeShaking: true,
    logLevel: 'silent',
    outfile: 'out.mjs',
    external: ['@aws-sdk/*', '@smithy/*', '@duckdb/*', '@aws-lambda-powertools/*'],
  });
  return out.outputFiles[0]?.text ?? '';
}
