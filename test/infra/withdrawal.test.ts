import { beforeAll, describe, expect, it } from 'vitest';
import { filesGateFunctionCode } from '../../infra/constructs/files-gate-function.ts';
import { dataExportName } from '../../infra/data-exports.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import {
  actionsOf,
  distributionArn,
  EXTENDED_HANDLERS,
  type Json,
  resourcesOf,
  roleStatements,
  type Synth,
  synth,
} from './helpers.ts';

/**
 * Withdrawal in AWS: the releases function closes the version in the files gate (the `/files/*`
 * function answers 410), tags its objects `withdrawn=true` and invalidates them in CloudFront; the
 * published bucket policy denies reading tagged objects to everyone.
 */
let s: Synth;
const role = (handler: string) => `Handlers${handler.charAt(0).toUpperCase()}${handler.slice(1)}Role`;
const TAGGING = ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'];

beforeAll(() => {
  s = synth();
});

const publishedPolicy = (): Json[] => {
  const policy = Object.values(resourcesOf(s.data, 'AWS::S3::BucketPolicy')).find((p) =>
    JSON.stringify(p.Properties.Bucket).includes('PublishedBucket'),
  );
  expect(policy).toBeDefined();
  return policy.Properties.PolicyDocument.Statement as Json[];
};
const distributionId = () => {
  const ids = Object.keys(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const allPolicyStatements = (): Array<{ policy: string; roles: string; st: Json }> =>
  [s.compute, s.data].flatMap((t) =>
    Object.entries(resourcesOf(t, 'AWS::IAM::Policy')).flatMap(([id, p]) =>
      (p.Properties.PolicyDocument.Statement as Json[]).map((st) => ({
        policy: id,
        roles: JSON.stringify(p.Properties.Roles),
        st,
      })),
    ),
  );

describe('published bucket: withdrawn files are unreadable', () => {
  it('denies GetObject on datasets/* objects tagged withdrawn=true to every principal', () => {
    const deny = publishedPolicy().find((st) => st.Sid === 'DenyReadOfWithdrawnFiles');
    expect(deny).toBeDefined();
    expect(deny.Effect).toBe('Deny');
    expect(deny.Principal).toEqual({ AWS: '*' });
    expect(deny.Action).toEqual(expect.arrayContaining(['s3:GetObject']));
    expect(deny.Condition).toEqual({ StringEquals: { 's3:ExistingObjectTag/withdrawn': 'true' } });
    expect(deny.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^PublishedBucket/), 'Arn'] }, '/datasets/*']],
    });
  });

  it('keeps tags one-way: only withdrawn=true may be put under datasets/, and tags cannot be deleted', () => {
    const statements = publishedPolicy();
    const retag = statements.find((st) => st.Sid === 'DenyRetaggingOfPublishedVersions');
    expect(retag.Effect).toBe('Deny');
    expect(retag.Principal).toEqual({ AWS: '*' });
    expect(retag.Action).toEqual(expect.arrayContaining(TAGGING));
    expect(retag.Condition).toEqual({ StringNotEquals: { 's3:RequestObjectTag/withdrawn': 'true' } });
    expect(JSON.stringify(retag.Resource)).toContain('/datasets/*');
    const del = statements.find((st) => st.Sid === 'DenyDeleteOfPublishedVersions');
    expect(del.Action).toEqual(expect.arrayContaining(['s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging']));
    // Immutability is untouched: no statement of the bucket policy allows tagging, deletes or overwrites.
    for (const st of statements.filter((x) => x.Effect === 'Allow')) {
      expect(actionsOf([st]), st.Sid).toEqual(['s3:GetObject']);
    }
  });
});

describe('IAM: only the withdrawing function tags and invalidates', () => {
  it('releases: PutObjectTagging on published version folders only, CreateInvalidation on the platform distribution only', () => {
    const st = roleStatements(s.compute, role('releases'));
    const tagging = st.filter((x) => actionsOf([x]).some((a) => TAGGING.includes(a)));
    expect(tagging).toHaveLength(1);
    expect(actionsOf(tagging)).toEqual(['s3:PutObjectTagging']);
    expect(tagging[0].Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::ImportValue': dataExportName('dev', 'PublishedBucketArn') }, '/datasets/*/v*/*']],
    });
    const invalidation = st.filter((x) => actionsOf([x]).includes('cloudfront:CreateInvalidation'));
    expect(invalidation).toHaveLength(1);
    expect(actionsOf(invalidation)).toEqual(['cloudfront:CreateInvalidation']);
    expect(invalidation[0].Resource).toEqual(distributionArn(distributionId()));
  });

  it('no other role of either stack may tag published objects or invalidate anything but the distribution', () => {
    const tagging = allPolicyStatements().filter(({ st }) => actionsOf([st]).some((a) => TAGGING.includes(a)));
    expect(tagging.map((t) => t.roles)).toEqual([expect.stringContaining(role('releases'))]);
    for (const name of Object.keys(EXTENDED_HANDLERS)) {
      if (name === 'releases') continue;
      const actions = actionsOf(roleStatements(s.compute, role(name)));
      expect(
        actions.filter((a) => TAGGING.includes(a) || a.startsWith('cloudfront:')),
        name,
      ).toEqual([]);
    }
    // The site rebuild invalidates too (its own role); every invalidation grant names the one distribution.
    const invalidations = allPolicyStatements().filter(({ st }) =>
      actionsOf([st]).includes('cloudfront:CreateInvalidation'),
    );
    expect(invalidations.length).toBeGreaterThan(0);
    for (const { st } of invalidations) {
      expect(JSON.stringify(st.Resource)).toContain(`{"Ref":"${distributionId()}"}`);
      expect(JSON.stringify(st.Resource)).not.toMatch(/distribution\/\*/);
    }
  });

  it('the distribution id reaches the releases function only (DISTRIBUTION_ID, same stack)', () => {
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName],
    );
    const withId = fns.filter((f) => f.Properties.Environment.Variables[RUNTIME_ENV.distributionId] !== undefined);
    expect(withId.map((f) => f.Properties.Environment.Variables[RUNTIME_ENV.serviceName])).toEqual([
      'opendata-releases',
    ]);
    expect(withId[0].Properties.Environment.Variables[RUNTIME_ENV.distributionId]).toEqual({ Ref: distributionId() });
  });
});

describe('CloudFront answers an error for a withdrawn file', () => {
  it('has no custom error response that would turn an origin 403 into a 200 page', () => {
    const dist = resourcesOf(s.compute, 'AWS::CloudFront::Distribution')[distributionId()].Properties
      .DistributionConfig;
    const files = (dist.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/files/*');
    expect(files).toBeDefined();
    // Custom error responses apply to every behaviour, /files/* included.
    for (const r of (dist.CustomErrorResponses ?? []) as Json[]) {
      if (r.ErrorCode === 403) {
        expect(r.ResponseCode, JSON.stringify(r)).not.toBe(200);
        expect(r.ResponsePagePath, JSON.stringify(r)).toBeUndefined();
      }
    }
  });
});

/** Resource -> resources it references (Ref, Fn::GetAtt, DependsOn) within one template. */
function dependencyGraph(template: Json): Map<string, Set<string>> {
  const resources = template.Resources as Record<string, Json>;
  const graph = new Map<string, Set<string>>();
  const walk = (node: Json, into: Set<string>) => {
    if (Array.isArray(node)) for (const n of node) walk(n, into);
    else if (node && typeof node === 'object') {
      if (typeof node.Ref === 'string' && node.Ref in resources) into.add(node.Ref);
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && getAtt[0] in resources) into.add(getAtt[0]);
      for (const v of Object.values(node)) walk(v, into);
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    const deps = new Set<string>();
    walk(r.Properties ?? {}, deps);
    for (const d of [r.DependsOn ?? []].flat() as string[]) deps.add(d);
    graph.set(id, deps);
  }
  return graph;
}

/** One dependency cycle as a list of logical ids, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const d of graph.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const c = visit(id);
    if (c) return c;
  }
  return undefined;
}

describe('no dependency cycle from the distribution id in the functions', () => {
  it('the cycle finder finds a cycle (the check itself can fail)', () => {
    const cyclic = {
      Resources: {
        Fn: { Properties: { Env: { Ref: 'Dist' } } },
        Dist: { Properties: { Origin: { 'Fn::GetAtt': ['Api', 'Endpoint'] } } },
        Api: { Properties: {}, DependsOn: ['Fn'] },
      },
    };
    expect(findCycle(dependencyGraph(cyclic))).toEqual(['Fn', 'Dist', 'Api', 'Fn']);
  });

  it('the stateless template has none, with and without a custom domain', () => {
    const graph = dependencyGraph(s.compute.toJSON());
    // The edge under test exists: the releases function (env) and its role policy refer to the distribution.
    const releases = [...graph.keys()].filter((id) => id.startsWith('HandlersReleases'));
    expect(releases.filter((id) => graph.get(id)?.has(distributionId())).length).toBeGreaterThanOrEqual(2);
    expect(findCycle(graph)).toBeUndefined();
    const custom = synth({
      'opendata:domainName': 'data.example.gov',
      'opendata:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-4567-89ab-cdef-0123456789ab',
    });
    expect(findCycle(dependencyGraph(custom.compute.toJSON()))).toBeUndefined();
    expect(
      Object.values(resourcesOf(custom.compute, 'AWS::Lambda::Function')).some(
        (f) =>
          JSON.stringify(f.Properties.Environment?.Variables?.[RUNTIME_ENV.distributionId]) ===
          JSON.stringify({ Ref: distributionId() }),
      ),
    ).toBe(true);
  });
});

describe('the files gate: /files/* answers 410 for withdrawn and 404 for uncommitted versions at the edge', () => {
  const KVS = 'cloudfront-keyvaluestore:';
  const gateId = () => {
    const ids = Object.keys(resourcesOf(s.compute, 'AWS::CloudFront::KeyValueStore'));
    expect(ids).toHaveLength(1);
    return ids[0] as string;
  };
  const gateArn = () => ({ 'Fn::GetAtt': [gateId(), 'Arn'] });

  it('/files/* has one viewer-request function, cloudfront-js-2.0, with the key value store, running the gate code', () => {
    const dist = resourcesOf(s.compute, 'AWS::CloudFront::Distribution')[distributionId()].Properties
      .DistributionConfig;
    const files = (dist.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/files/*');
    const associations = files.FunctionAssociations as Json[];
    expect(associations.map((a) => a.EventType)).toEqual(['viewer-request']);
    const fnId = associations[0].FunctionARN['Fn::GetAtt'][0];
    const fn = resourcesOf(s.compute, 'AWS::CloudFront::Function')[fnId].Properties;
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fn.FunctionConfig.KeyValueStoreAssociations).toEqual([{ KeyValueStoreARN: gateArn() }]);
    expect(fn.FunctionCode).toBe(filesGateFunctionCode());
    expect(fn.AutoPublish).toBe(true);
  });

  it('IAM: ingest and releases open and close (describe, get, put), maintenance also lists and batch-writes; nobody deletes an entry; no other role touches it', () => {
    const kvsStatements = (handler: string) =>
      roleStatements(s.compute, role(handler)).filter((x) => actionsOf([x]).some((a) => a.startsWith(KVS)));
    const ingest = kvsStatements('ingest');
    expect(ingest).toHaveLength(1);
    expect(actionsOf(ingest).sort()).toEqual([`${KVS}DescribeKeyValueStore`, `${KVS}GetKey`, `${KVS}PutKey`]);
    expect(ingest[0].Resource).toEqual(gateArn());
    const releases = kvsStatements('releases');
    expect(releases).toHaveLength(1);
    expect(actionsOf(releases).sort()).toEqual([`${KVS}DescribeKeyValueStore`, `${KVS}GetKey`, `${KVS}PutKey`]);
    expect(releases[0].Resource).toEqual(gateArn());
    // The hourly reconciliation: one listing, then UpdateKeys batches of up to 50 puts.
    const maintenance = kvsStatements('maintenance');
    expect(maintenance).toHaveLength(1);
    expect(actionsOf(maintenance).sort()).toEqual([
      `${KVS}DescribeKeyValueStore`,
      `${KVS}GetKey`,
      `${KVS}ListKeys`,
      `${KVS}PutKey`,
      `${KVS}UpdateKeys`,
    ]);
    expect(maintenance[0].Resource).toEqual(gateArn());
    for (const { st, roles } of allPolicyStatements()) {
      const actions = actionsOf([st]).filter(
        (a) => a.startsWith(KVS) || a === '*' || a === 'cloudfront-keyvaluestore:*',
      );
      if (!actions.length) continue;
      expect(actions).not.toContain(`${KVS}DeleteKey`);
      // UpdateKeys could delete too (IAM cannot tell): only the reconciling function holds it.
      if (actions.includes(`${KVS}UpdateKeys`)) expect(roles).toMatch(role('maintenance'));
      expect(roles).toMatch(new RegExp(`${role('releases')}|${role('ingest')}|${role('maintenance')}`));
    }
  });

  it('FILES_GATE_ARN reaches the releases, ingest and maintenance functions only', () => {
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.filesGateArn] !== undefined,
    );
    expect(fns.map((f) => f.Properties.Environment.Variables[RUNTIME_ENV.serviceName]).sort()).toEqual([
      'opendata-ingest',
      'opendata-maintenance',
      'opendata-releases',
    ]);
    for (const f of fns) expect(f.Properties.Environment.Variables[RUNTIME_ENV.filesGateArn]).toEqual(gateArn());
  });
});
