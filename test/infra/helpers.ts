import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { HANDLERS, ROUTES, type RouteSpec } from '../../functions/routes.ts';
import { buildApp, type PlatformApp } from '../../infra/app.ts';
import type { InfraHandlerSpec } from '../../infra/handler-table.ts';
import { resolveHandlers } from '../../infra/handler-table.ts';

export const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** The example department of docs/deploy.md (cdk.json ships none): tests that need a CI role add it. */
export const EXAMPLE_DEPARTMENTS = [
  { id: 'demo-stats', githubRepo: 'example-org/statistics-open-data', branch: 'main' },
];

/**
 * The route table plus hypothetical handlers (a separate publish function with its own access, and a
 * department-scoped IAM release route), pointing at existing entry files: proves infra accepts them
 * without changes.
 */
export const EXTENDED_HANDLERS: Record<string, InfraHandlerSpec> = {
  ...HANDLERS,
  publish: {
    ...HANDLERS.health,
    description: 'Publish an approved release',
    access: ['raw:read', 'catalog:write', 'pseudonym:read', 'published:write', 'glue:register', 'events:publish'],
  },
};
/** Handler names the route table does not know yet (its type is keyed by HANDLERS). */
const future = (name: string) => name as RouteSpec['handler'];
export const EXTENDED_ROUTES: RouteSpec[] = [
  ...ROUTES,
  { method: 'POST', path: '/v1/departments/{department}/releases', handler: future('releases'), auth: 'iam' },
  {
    method: 'POST',
    path: '/v1/departments/{department}/releases/{releaseId}/approve',
    handler: future('releases'),
    auth: 'iam',
  },
];

export interface Synth extends PlatformApp {
  readonly data: Template;
  readonly compute: Template;
}

/** One app per test file: bundling skipped (the entry files must still exist). */
export function synth(extra: Record<string, unknown> = {}, extended = true): Synth {
  const built = buildApp({
    context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [], ...extra },
    ...(extended ? { handlers: resolveHandlers(EXTENDED_HANDLERS, EXTENDED_ROUTES) } : {}),
  });
  return {
    ...built,
    data: Template.fromStack(built.stateful),
    compute: Template.fromStack(built.stateless),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
export type Json = any;

export function resourcesOf(t: Template, type: string): Record<string, Json> {
  return t.findResources(type) as Record<string, Json>;
}

/**
 * Every Allow statement of the policies attached to the role whose logical id starts with `prefix`
 * (with `allEffects`, its Deny statements too).
 */
export function roleStatements(t: Template, rolePrefix: string, { allEffects = false } = {}): Json[] {
  const policies = resourcesOf(t, 'AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as Json[]).some((r) => typeof r.Ref === 'string' && r.Ref.startsWith(rolePrefix)),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
    .filter((s) => allEffects || s.Effect === 'Allow');
}

export function actionsOf(statements: Json[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** Statements whose resources mention `needle` (an export name or a logical id). */
export function statementsOn(statements: Json[], needle: string): Json[] {
  return statements.filter((s) => JSON.stringify(s.Resource).includes(needle));
}

/** The ARN of the CloudFront distribution with logical id `id`, as CloudFormation writes it. */
export function distributionArn(id: string): Json {
  return {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: id }],
    ],
  };
}
