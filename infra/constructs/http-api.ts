import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS } from '../../functions/http/cors.ts';
import type { ResolvedHandler } from '../handler-table.ts';
import { acknowledge } from '../nag.ts';

/**
 * The HTTP API's access-log line. No client address (`$context.identity.sourceIp`) and no caller
 * identity that can name a person (`caller`, `user`, `userArn`: an IAM Identity Center session is named
 * after the person, often their e-mail address): docs/api-keys.md says the platform writes no address
 * into the API's access log, and docs/deploy.md (Logs and personal data) lists what each log holds. What
 * stays is what operations need: the request id (also in the function's log), route, status and
 * latencies, and for SigV4 (IAM) calls the signing account (`-` for anonymous calls), which tells an
 * IAM call from a public one; who acted in the release lifecycle is in the audit ledger. Not
 * `$context.error.message` either: an IAM denial's message can quote the caller's session ARN.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  account: '$context.identity.accountId',
} as const;

export interface PlatformApiProps {
  readonly stage: string;
  readonly handlers: readonly ResolvedHandler[];
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
  /** The DuckDB functions' reserved concurrency (0: none), which their public routes must not use up. */
  readonly queryReservedConcurrency: number;
}

/**
 * The throttle of a public route served by a function with reserved concurrency that also serves signed
 * routes (today the audit chain check, `GET /v1/audit/verify`, on the releases function). CloudFront caches its answer for a
 * minute, so callers through the site's domain stay far below this.
 */
export const SHARED_PUBLIC_ROUTE_THROTTLE = { rateLimit: 2, burstLimit: 5 } as const;

/**
 * The HTTP API (payload format 2.0), built from ROUTES: one Lambda integration per handler, one route
 * per ROUTES entry; routes with auth 'iam' get the IAM (SigV4) authorizer, the rest are public.
 * Default-stage throttling and JSON access logs.
 */
export class PlatformApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** `<id>.execute-api.<region>.amazonaws.com`, the CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `opendata-${props.stage}`,
      description: 'opendata catalogue, download and query API (routes from functions/routes.ts)',
      createDefaultStage: false,
      // Browser code on other origins sends a preflight OPTIONS before a POST, a JSON body or an API-key
      // header; CloudFront's response-headers policy only adds headers, so the API answers preflights
      // itself (for every route, before any authorizer), with the same contract (cors.ts).
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: CORS.allowMethods.map((m) => apigwv2.CorsHttpMethod[m]),
        allowHeaders: [...CORS.allowHeaders],
        exposeHeaders: [...CORS.exposeHeaders],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
        allowCredentials: false,
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.domainName = `${this.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    // A public route on a function with reserved concurrency that also serves signed (privileged) routes
    // shares that reservation: anonymous callers of the execute-api address (not cached by CloudFront)
    // must not use it up while an approver withdraws a version. Such routes get a throttle of their own;
    // a function without a reservation draws on the account's pool, which the stage throttle bounds.
    const reserved = (h: ResolvedHandler) => h.spec.duckdb && props.queryReservedConcurrency > 0;
    const sharedPublic = props.handlers.flatMap((h) =>
      reserved(h) && h.routes.some((r) => r.auth === 'iam') ? h.routes.filter((r) => r.auth === 'public') : [],
    );
    if (sharedPublic.length > 0) {
      // RouteSettings is passed to CloudFormation as written (JSON): its keys are CloudFormation's.
      (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
        sharedPublic.map((r) => [
          `${r.method} ${r.path}`,
          {
            ThrottlingRateLimit: SHARED_PUBLIC_ROUTE_THROTTLE.rateLimit,
            ThrottlingBurstLimit: SHARED_PUBLIC_ROUTE_THROTTLE.burstLimit,
          },
        ]),
      );
    }

    const iamAuthorizer = new HttpIamAuthorizer();
    for (const h of props.handlers) {
      if (h.routes.length === 0) continue;
      const fn = props.functions.get(h.name);
      if (!fn) throw new Error(`no function for handler ${h.name}`);
      const integration = new HttpLambdaIntegration(`${h.name}Integration`, fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      });
      for (const r of h.routes) {
        const [route] = this.api.addRoutes({
          path: r.path,
          methods: [apigwv2.HttpMethod[r.method]],
          integration,
          ...(r.auth === 'iam' ? { authorizer: iamAuthorizer } : {}),
        });
        if (r.auth === 'public' && route) {
          acknowledge(
            route,
            'AwsSolutions-APIG4',
            `${r.method} ${r.path} is a public open-data route by design (auth 'public' in functions/routes.ts); abuse is bounded by stage throttling and reserved concurrency.`,
          );
        }
      }
    }
  }
}
