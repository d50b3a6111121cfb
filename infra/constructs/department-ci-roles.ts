import { Aws, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../functions/routes.ts';
import type { DepartmentConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';

const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
/** Path parameter naming the department in release routes. */
const DEPARTMENT_PARAM = /\{(department|departmentId|dept)\}/;

export interface DepartmentCiRolesProps {
  readonly stage: string;
  readonly departments: readonly DepartmentConfig[];
  readonly routes: readonly RouteSpec[];
  readonly api: apigwv2.IHttpApi;
  /** Existing GitHub OIDC provider; one is created when omitted. */
  readonly existingProviderArn?: string;
}

/**
 * Turns a route into the execute-api resource path a department may invoke: the department parameter
 * becomes the department id, any other parameter a single-segment wildcard.
 */
export function departmentRoutePath(path: string, departmentId: string): string {
  return path
    .replace(DEPARTMENT_PARAM, departmentId)
    .replace(/\{[^}]+\+\}/g, '*')
    .replace(/\{[^}]+\}/g, '*');
}

/** Second-pair-of-eyes routes: never callable by a CI pipeline (a person approves, rejects, withdraws). */
const REVIEW_ROUTE = /\/(approve|reject|withdraw)$/;

/**
 * The IAM routes a department CI role can call: those whose path names a department, and the release
 * lifecycle's own routes (handler `releases`: create, list, read, submit), where the handler checks the
 * caller's department roles through the principals directory. Never approve/reject/withdraw.
 */
export function departmentRoutes(routes: readonly RouteSpec[]): RouteSpec[] {
  return routes.filter(
    (r) =>
      r.auth === 'iam' && (DEPARTMENT_PARAM.test(r.path) || r.handler === 'releases') && !REVIEW_ROUTE.test(r.path),
  );
}

/**
 * One role per department, assumable only by GitHub Actions runs of that department's repository on
 * its configured branch (OIDC `sub` = `repo:<owner/name>:ref:refs/heads/<branch>`, `aud` = sts). The
 * role may invoke (SigV4, IAM authorizer) the IAM routes whose `{department}` is its own id and the
 * release routes up to submit; which departments it may release for is decided by the releases
 * function from the principals directory (map the role with `departmentCiRole` in the config).
 */
export class DepartmentCiRoles extends Construct {
  readonly roles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, props: DepartmentCiRolesProps) {
    super(scope, id);
    const roles = new Map<string, iam.Role>();
    if (props.departments.length === 0) {
      this.roles = roles;
      return;
    }
    const providerArn =
      props.existingProviderArn ??
      new iam.OidcProviderNative(this, 'GitHubOidc', {
        url: `https://${GITHUB_ISSUER}`,
        clientIds: ['sts.amazonaws.com'],
      }).oidcProviderArn;

    const routes = departmentRoutes(props.routes);
    for (const dept of props.departments) {
      const role = new iam.Role(this, `Department-${dept.id}`, {
        description: `opendata ${props.stage}: CI of ${dept.githubRepo}@${dept.branch} publishing for department ${dept.id}`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.WebIdentityPrincipal(providerArn, {
          StringEquals: {
            [`${GITHUB_ISSUER}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_ISSUER}:sub`]: `repo:${dept.githubRepo}:ref:refs/heads/${dept.branch}`,
          },
        }),
      });
      const paths = routes.length
        ? routes.map((r) => `${r.method}${departmentRoutePath(r.path, dept.id)}`)
        : [`*/v1/departments/${dept.id}/releases*`];
      // arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>
      const resources = paths.map(
        (p) => `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${props.api.apiId}/$default/${p}`,
      );
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources }));
      const apiRef = `<${Stack.of(this).getLogicalId(props.api.node.defaultChild as CfnElement)}>`;
      for (const p of paths.filter((x) => x.includes('*'))) {
        acknowledge(
          role,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:${apiRef}/$default/${p}]`,
          `Department ${dept.id} CI may invoke only the release routes up to submit; the wildcard stands for path parameters (release ids) unknown in advance, and the releases function checks the department through the principals directory.`,
        );
      }
      roles.set(dept.id, role);
    }
    this.roles = roles;
  }
}
