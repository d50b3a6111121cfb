import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY } from '../../functions/http/content-security-policy.ts';
import { CORS } from '../../functions/http/cors.ts';
import { acknowledge } from '../nag.ts';
import { filesGateFunctionCode } from './files-gate-function.ts';

/** Header names shared with the functions' access control (functions/http/access-control.ts). */
export const EDGE_TOKEN_HEADER = 'x-opendata-edge';
export const VIEWER_ADDRESS_HEADER = 'x-opendata-viewer';

/**
 * What the site bucket answers for a key it does not have: 403 (CloudFront may read, not list, the
 * bucket, and S3 then hides whether the key exists), or 404. On these CloudFront asks the site's
 * not-found function instead (site-not-found.ts).
 */
export const SITE_FALLBACK_STATUS_CODES = [403, 404] as const;

export interface PlatformDistributionProps {
  readonly stage: string;
  readonly siteBucket: s3.IBucket;
  readonly publishedBucket: s3.IBucket;
  readonly accessLogs: s3.IBucket;
  readonly apiDomainName: string;
  /** The site's not-found function (IAM auth): the fallback origin of the site (site-not-found.ts). */
  readonly siteNotFoundUrl: lambda.IFunctionUrl;
  /**
   * Secret-by-obscurity token CloudFront sends to the API origin (never to viewers). The API trusts
   * the viewer address header only on requests that carry it, so callers of the execute-api
   * endpoint cannot forge a client address to dodge the anonymous rate limit.
   */
  readonly edgeToken: string;
  readonly domainName?: string;
  readonly certificateArn?: string;
}

const ONE_YEAR = Duration.days(365);

/**
 * Regions whose S3 buckets CloudFront's standard (legacy) logging does not deliver to (CloudFront
 * Developer Guide, "Standard logging (legacy)": choosing an S3 bucket).
 */
export const NO_CLOUDFRONT_LOG_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
]);

/** Astro builds `page/index.html`; S3 REST origins have no index documents, so add it at the edge. */
const SITE_INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) { request.uri = uri + 'index.html'; }
  else if (uri.split('/').pop().indexOf('.') === -1) { request.uri = uri + '/index.html'; }
  return request;
}`;

/**
 * Imports a bucket of the stateful stack by attributes, so that binding it as an OAC origin does not
 * try to write the distribution id into the bucket's policy (that would make the data stack depend on
 * this one). The stateful stack's policy already admits CloudFront: see cloudfront-read-policy.ts.
 */
function originBucket(scope: Construct, id: string, bucket: s3.IBucket): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(scope, id, {
    bucketArn: bucket.bucketArn,
    bucketName: bucket.bucketName,
    bucketRegionalDomainName: bucket.bucketRegionalDomainName,
  });
}

/**
 * One distribution: the static site (default; unknown pages from the site's not-found function), the API
 * under `/v1/*`, published files under `/files/*`.
 * Caching follows the origin's Cache-Control (version-pinned responses say "immutable, one year";
 * `latest` responses say a minute): the cache policies only bound it. Security headers on everything.
 */
export class PlatformDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /**
   * The files gate: which versions `/files/*` serves (published) or answers 410 for (withdrawn, with
   * the reason); none else. Written by the functions that publish and withdraw (files-gate-function.ts).
   */
  readonly filesGate: cloudfront.KeyValueStore;
  /** `https://<domain>` without trailing slash. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: PlatformDistributionProps) {
    super(scope, id);

    const securityHeaders: cloudfront.ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: {
        // The same policy the local platform sends (HTTPS only here, so insecure requests are upgraded).
        contentSecurityPolicy: `${CONTENT_SECURITY_POLICY}; upgrade-insecure-requests`,
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    };
    const siteHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SiteHeaders', {
      comment: `opendata ${props.stage} site and files: security headers`,
      securityHeadersBehavior: securityHeaders,
    });
    // CORS headers on responses (cors.ts); the HTTP API answers the preflight requests themselves.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: `opendata ${props.stage} API: security headers and CORS`,
      securityHeadersBehavior: securityHeaders,
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: [...CORS.allowHeaders],
        accessControlAllowMethods: [...CORS.allowMethods],
        accessControlAllowOrigins: ['*'],
        accessControlExposeHeaders: [...CORS.exposeHeaders],
        accessControlMaxAge: Duration.seconds(CORS.maxAgeSeconds),
        originOverride: false,
      },
    });

    const apiCache = (cacheId: string, comment: string, maxTtl: Duration, defaultTtl: Duration) =>
      new cloudfront.CachePolicy(this, cacheId, {
        comment,
        minTtl: Duration.seconds(0),
        defaultTtl,
        maxTtl,
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
        // Authorization is in the key because CloudFront forwards it to the origin only from the cache
        // policy: without it `Authorization: Bearer <api key>` never reached the API (callers were served
        // as anonymous). X-API-Key too: keyed answers carry the key's rate and quota headers and are
        // metered per key, so they must not be served from (or into) the anonymous entry. Anonymous
        // requests (neither header) still share one cache entry.
        headerBehavior: cloudfront.CacheHeaderBehavior.allowList(
          'Accept',
          'Accept-Language',
          'Authorization',
          'X-API-Key',
        ),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
    // Version-pinned responses are immutable: the origin says `max-age=31536000, immutable`. Without a
    // Cache-Control header nothing is cached (defaultTtl 0), so a forgotten header fails safe.
    const apiPinned = apiCache(
      'ApiCache',
      'API: honour origin Cache-Control up to a year',
      ONE_YEAR,
      Duration.seconds(0),
    );
    // Anything addressing `latest` is capped at one minute whatever the origin says.
    const apiLatest = apiCache(
      'ApiLatestCache',
      'API latest: at most one minute',
      Duration.seconds(60),
      Duration.seconds(0),
    );
    // GET /v1/audit/verify is public and reads the whole ledger on the releases function: one cached
    // answer for everyone (no query string, header or cookie in the key, so `?x=1` cannot miss), for the
    // minute its Cache-Control says (functions/handlers/releases.ts). The origin gets none of them either
    // (an API key's rate and quota headers must not land in the shared entry): only the viewer address.
    const auditVerify = new cloudfront.CachePolicy(this, 'AuditVerifyCache', {
      comment: 'Audit verify: one entry for all callers, at most one minute',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.seconds(60),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const files = new cloudfront.CachePolicy(this, 'FilesCache', {
      comment: 'Published files: immutable keys, up to a year',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: ONE_YEAR,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const oac = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: `opendata ${props.stage}: site and published buckets`,
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(originBucket(this, 'SiteRef', props.siteBucket), {
      originAccessControl: oac,
    });
    // Unknown site pages: the bucket's 403/404 fails over to the not-found function, in the default
    // behaviour only. Distribution-wide custom error responses would also replace the API's problem+json
    // errors and the files gate's 404/410. CloudFront fails over for GET, HEAD and OPTIONS only, and
    // refuses an origin group on a behaviour allowing other methods: the site behaviour allows GET and
    // HEAD. The fallback gets the same request (path rewritten by SiteIndexRewrite); with no origin
    // request policy the Host header is the function URL's, as Lambda requires.
    const siteOrigins = new origins.OriginGroup({
      primaryOrigin: siteOrigin,
      fallbackOrigin: origins.FunctionUrlOrigin.withOriginAccessControl(props.siteNotFoundUrl, {
        originAccessControl: new cloudfront.FunctionUrlOriginAccessControl(this, 'NotFoundAccessControl', {
          description: `opendata ${props.stage}: the site's not-found function`,
          signing: cloudfront.Signing.SIGV4_ALWAYS,
        }),
      }),
      fallbackStatusCodes: [...SITE_FALLBACK_STATUS_CODES],
    });
    const publishedOrigin = origins.S3BucketOrigin.withOriginAccessControl(
      originBucket(this, 'PublishedRef', props.publishedBucket),
      { originAccessControl: oac },
    );
    const apiOrigin = new origins.HttpOrigin(props.apiDomainName, {
      customHeaders: { [EDGE_TOKEN_HEADER]: props.edgeToken },
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });

    const fn = (fnId: string, code: string, keyValueStore?: cloudfront.IKeyValueStore) => [
      {
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(this, fnId, {
          code: cloudfront.FunctionCode.fromInline(code),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          ...(keyValueStore ? { keyValueStore } : {}),
        }),
      },
    ];
    // Derived from the catalogue (the maintenance function's hourly run rewrites what is missing), so it
    // lives here with the distribution, not in the stateful stack: a new stack starts with an empty
    // store, i.e. no file served until the first sync (docs/deploy.md).
    this.filesGate = new cloudfront.KeyValueStore(this, 'FilesGate', {
      comment: `opendata ${props.stage}: versions /files/* serves (published) or answers 410 for (withdrawn)`,
    });

    // The viewer's address for the per-client rate limit: a viewer-request function copies it into a
    // header (AllViewerExceptHostHeader forwards viewer headers, not CloudFront-Viewer-Address).
    const viewerAddress = fn(
      'ApiViewerAddress',
      `function handler(event) {\n  event.request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };\n  return event.request;\n}`,
    );
    const auditVerifyOrigin = new cloudfront.OriginRequestPolicy(this, 'AuditVerifyOrigin', {
      comment: 'Audit verify: the viewer address only (every caller gets the anonymous answer)',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const apiBehavior = (
      cachePolicy: cloudfront.ICachePolicy,
      originRequestPolicy: cloudfront.IOriginRequestPolicy = cloudfront.OriginRequestPolicy
        .ALL_VIEWER_EXCEPT_HOST_HEADER,
    ): cloudfront.BehaviorOptions => ({
      origin: apiOrigin,
      functionAssociations: viewerAddress,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy,
      originRequestPolicy,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    });

    // CloudFront's standard logs are not delivered to buckets in some opt-in regions: there the access-log
    // bucket (in the deploy region) cannot take them, so they are off, and the synth says so. Only `dev`
    // may synthesize without a region (infra/config.ts); its logs stay on (deploy dev elsewhere, or pin it).
    const region = Stack.of(this).region;
    const legacyLogsDelivered = Token.isUnresolved(region) || !NO_CLOUDFRONT_LOG_REGIONS.has(region);
    if (!legacyLogsDelivered) {
      Annotations.of(this).addWarningV2(
        'opendata:cloudfrontLogs',
        `CloudFront access logs are off: CloudFront does not deliver standard logs to an S3 bucket in ${region}. Use CloudFront's standard logging v2 (CloudWatch Logs or Firehose) if you need them.`,
      );
    }
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `opendata ${props.stage}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      ...(legacyLogsDelivered
        ? { enableLogging: true, logBucket: props.accessLogs, logFilePrefix: 'cloudfront/' }
        : {}),
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : {}),
      defaultBehavior: {
        origin: siteOrigins,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: siteHeaders,
        functionAssociations: fn('SiteIndexRewrite', SITE_INDEX_REWRITE),
        compress: true,
      },
      additionalBehaviors: {
        // Most specific first: CloudFront matches behaviours in order.
        '/v1/audit/verify': apiBehavior(auditVerify, auditVerifyOrigin),
        '/v1/datasets/*/versions/latest*': apiBehavior(apiLatest),
        '/v1/*': apiBehavior(apiPinned),
        '/files/*': {
          origin: publishedOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: files,
          responseHeadersPolicy: apiHeaders,
          // One viewer-request function: the files gate (404/410 at the edge), then the path rewrite.
          functionAssociations: fn('FilesGateFunction', filesGateFunctionCode(), this.filesGate),
          compress: true,
        },
      },
    });
    this.publicBaseUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    // The two imported-bucket warnings are expected: the stateful stack's policies grant OAC reads.
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      "Bucket policies in the stateful stack admit this account's CloudFront distributions (cloudfront-read-policy.ts).",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Published open data and the catalogue are public worldwide by policy; no geo restriction.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF: a CLOUDFRONT-scope web ACL must live in us-east-1 while this stack is region-agnostic; the API is bounded by stage throttling and reserved concurrency, and WAF can be attached later by ARN.',
    );
    if (!legacyLogsDelivered) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR3',
        `CloudFront does not deliver standard (legacy) logs to S3 buckets in ${region}; the API and functions keep their own logs.`,
      );
    }
    if (!props.domainName) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose TLS policy cannot be chosen; with domainName the policy is TLSv1.2_2021.',
      );
    }
  }
}
