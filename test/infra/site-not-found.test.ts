import { beforeAll, describe, expect, it } from 'vitest';
import { dataExportName } from '../../infra/data-exports.ts';
import { actionsOf, distributionArn, type Json, resourcesOf, roleStatements, type Synth, synth } from './helpers.ts';

/**
 * Unknown site pages in AWS: the default behaviour's origin group fails over from the site bucket (403/404)
 * to the site's not-found function, behind a function URL only the distribution can call.
 */
let s: Synth;
let dist: Json;
const exp = (key: Parameters<typeof dataExportName>[1]) => dataExportName('dev', key);

beforeAll(() => {
  s = synth({}, false);
  dist = (Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'))[0] as Json).Properties
    .DistributionConfig;
});

const notFoundFunction = (): [string, Json] => {
  const found = Object.entries(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
    ([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'opendata-siteNotFound',
  );
  if (!found) throw new Error('no siteNotFound function');
  return found;
};
const originById = (id: string): Json => (dist.Origins as Json[]).find((o) => o.Id === id);

describe('site not-found pages (CloudFront origin group)', () => {
  it('routes the default behaviour to a group: the site bucket first, the not-found function on its 403 and 404', () => {
    const groups = dist.OriginGroups.Items as Json[];
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(dist.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
    expect(group.FailoverCriteria.StatusCodes).toEqual({ Items: [403, 404], Quantity: 2 });
    const [primary, fallback] = (group.Members.Items as Json[]).map((m) => originById(m.OriginId));
    expect(JSON.stringify(primary.DomainName)).toContain(exp('SiteBucketDomain'));
    expect(primary.S3OriginConfig).toBeDefined();
    expect(primary.OriginAccessControlId).toBeDefined();
    // The function URL's host (https://<id>.lambda-url.<region>.on.aws/ split on "/"), over HTTPS only.
    const [urlId] = Object.keys(resourcesOf(s.compute, 'AWS::Lambda::Url'));
    expect(fallback.DomainName).toEqual({
      'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }] }],
    });
    expect(fallback.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
  });

  it('allows only GET and HEAD on the site (CloudFront fails over for those, and refuses a group on POST)', () => {
    expect(dist.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(dist.DefaultCacheBehavior.CachedMethods).toEqual(['GET', 'HEAD']);
  });

  it('sends the function URL its own Host: no origin request policy, and a cache policy without headers', () => {
    expect(dist.DefaultCacheBehavior.OriginRequestPolicyId).toBeUndefined();
    // Managed CachingOptimized: no headers, cookies or query strings in the key or to the origin.
    expect(dist.DefaultCacheBehavior.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    // The site's viewer-request rewrite still runs first, so the fallback sees `/en/…/index.html`.
    expect(JSON.stringify(dist.DefaultCacheBehavior.FunctionAssociations)).toContain('SiteIndexRewrite');
  });

  it('signs the requests to the function URL (origin access control for Lambda), which only IAM callers may use', () => {
    const group = (dist.OriginGroups.Items as Json[])[0];
    const fallback = originById(group.Members.Items[1].OriginId);
    const oacId = fallback.OriginAccessControlId['Fn::GetAtt'][0];
    const oac = resourcesOf(s.compute, 'AWS::CloudFront::OriginAccessControl')[oacId];
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 'lambda',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [fnId] = notFoundFunction();
    const urls = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Url'));
    expect(urls).toHaveLength(1);
    expect(urls[0].Properties).toEqual({ AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] } });
  });

  it('lets only this distribution invoke the function, through its URL', () => {
    const [fnId] = notFoundFunction();
    const [urlId] = Object.keys(resourcesOf(s.compute, 'AWS::Lambda::Url'));
    const onFunction = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Permission'))
      .map((p) => p.Properties)
      .filter((p) => [fnId, urlId].includes(p.FunctionName['Fn::GetAtt']?.[0]));
    const [distId] = Object.keys(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'));
    expect(onFunction.map((p) => p.Action).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    for (const p of onFunction) {
      expect(p.Principal).toBe('cloudfront.amazonaws.com');
      expect(p.SourceArn).toEqual(distributionArn(distId as string));
    }
    // lambda:InvokeFunction only as part of a function URL call, not a direct Invoke.
    expect(onFunction.find((p) => p.Action === 'lambda:InvokeFunction').InvokedViaFunctionUrl).toBe(true);
  });

  it("reads the site's two not-found pages and nothing else", () => {
    const [, fn] = notFoundFunction();
    expect(fn.Properties.Environment.Variables.SITE_BUCKET).toEqual({ 'Fn::ImportValue': exp('SiteBucketName') });
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = roleStatements(s.compute, role, { allEffects: true });
    expect(actionsOf(statements).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const read = statements.find((st) => st.Action === 's3:GetObject');
    const siteArn = { 'Fn::ImportValue': exp('SiteBucketArn') };
    expect(read.Resource).toEqual([
      { 'Fn::Join': ['', [siteArn, '/404.html']] },
      { 'Fn::Join': ['', [siteArn, '/en/404.html']] },
    ]);
    // No managed policies (AWSLambdaBasicExecutionRole would write to every log group).
    expect(resourcesOf(s.compute, 'AWS::IAM::Role')[role].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('changes nothing for the API and the files gate: their behaviours keep their origins, and no error pages', () => {
    const group = (dist.OriginGroups.Items as Json[])[0];
    for (const b of dist.CacheBehaviors as Json[]) expect(b.TargetOriginId, b.PathPattern).not.toBe(group.Id);
    expect(dist.CustomErrorResponses).toBeUndefined();
  });

  it("alarms on the function's errors and throttles like every other function", () => {
    const [fnId] = notFoundFunction();
    const alarms = Object.values(resourcesOf(s.compute, 'AWS::CloudWatch::Alarm')).filter((a: Json) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(fnId),
    );
    expect(alarms.map((a: Json) => a.Properties.MetricName).sort()).toEqual(['Errors', 'Throttles']);
  });
});
