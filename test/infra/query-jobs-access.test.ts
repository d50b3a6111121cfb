import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS, resolveHandlers } from '../../infra/handler-table.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * The asynchronous query path (issue 7 §4): the query and query-jobs functions may use Athena only in
 * the platform workgroup and read Glue only in the platform database; the publishing function (releases)
 * registers tables only in that database.
 */
let s: Synth;
beforeAll(() => {
  s = synth();
});

const role = (handler: string) => `Handlers${handler.charAt(0).toUpperCase()}${handler.slice(1)}Role`;

function statements(handler: string): Json[] {
  const policies = Object.values(resourcesOf(s.compute, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Json[]).some((r) => JSON.stringify(r).includes(role(handler))),
  );
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}
const actions = (st: Json[]) => st.flatMap((x) => (Array.isArray(x.Action) ? x.Action : [x.Action])) as string[];
const resources = (x: Json) => (Array.isArray(x.Resource) ? x.Resource : [x.Resource]) as Json[];

describe('Athena and Glue access', () => {
  it('grants athena:query to the query handler, athena:results to the polling one, glue:register to the publishing one', () => {
    const byName = Object.fromEntries(resolveHandlers().map((h) => [h.name, h.access]));
    expect(byName.query).toContain('athena:query');
    // The jobs route only polls and reads results: it never starts a query, and reads no dataset.
    expect(byName.queryJobs).toContain('athena:results');
    expect(byName.queryJobs).not.toContain('athena:query');
    // Only the function that publishes versions in AWS (the approval request only queues them).
    expect(byName.ingest).toContain('glue:register');
    for (const [name, caps] of Object.entries(DEFAULT_ACCESS)) {
      if (name !== 'ingest') expect(caps, name).not.toContain('glue:register');
    }
  });

  it('lets the query-jobs function only poll and read results in the platform workgroup', () => {
    const st = statements('queryJobs');
    const athena = st.filter((x) => actions([x]).some((a) => a.startsWith('athena:')));
    expect(actions(athena).sort()).toEqual(['athena:GetQueryExecution', 'athena:GetQueryResults']);
    expect(JSON.stringify(resources(athena[0]))).toMatch(/workgroup\/opendata-dev"/);
    expect(actions(st).filter((a) => a.startsWith('glue:'))).toEqual([]);
    const results = st.filter((x) => JSON.stringify(x.Resource).includes('AthenaResults'));
    expect(actions(results)).not.toContain('s3:PutObject');
    expect(JSON.stringify(st)).not.toContain('PublishedBucket');
  });

  it('scopes Athena to the platform workgroup and Glue to the platform database, for query', () => {
    for (const h of ['query']) {
      const st = statements(h);
      const athena = st.filter((x) => actions([x]).some((a) => a.startsWith('athena:')));
      expect(athena, h).toHaveLength(1);
      expect(JSON.stringify(resources(athena[0]))).toMatch(/workgroup\/opendata-dev"/);
      expect(actions(athena)).not.toContain('athena:*');
      const glue = st.filter((x) => actions([x]).some((a) => a.startsWith('glue:')));
      expect(
        actions(glue).every((a) => a.startsWith('glue:Get')),
        h,
      ).toBe(true);
      for (const r of glue.flatMap(resources)) {
        expect(JSON.stringify(r), h).toMatch(/:catalog"|database\/opendata_dev"|table\/opendata_dev\/\*"/);
      }
      // Results: only under athena/ in the results bucket.
      const results = st.filter((x) => JSON.stringify(x.Resource).includes('AthenaResults'));
      expect(results.length, h).toBeGreaterThan(0);
      for (const x of results.filter((y) => actions([y]).includes('s3:PutObject'))) {
        expect(JSON.stringify(x.Resource)).toContain('/athena/*');
      }
      expect(actions(st), h).not.toContain('glue:CreateTable');
    }
  });

  it('scopes the publishing function Glue writes to the platform database', () => {
    const glue = statements('ingest').filter((x) => actions([x]).includes('glue:CreateTable'));
    expect(glue).toHaveLength(1);
    for (const r of resources(glue[0])) {
      expect(JSON.stringify(r)).toMatch(/:catalog"|database\/opendata_dev"|table\/opendata_dev\/\*"/);
    }
    expect(actions(glue)).not.toContain('glue:DeleteTable');
  });

  it('deploys the query-jobs function with the workgroup and database names', () => {
    const fn = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'opendata-queryJobs',
    );
    expect(fn).toBeDefined();
    expect(fn.Properties.Environment.Variables.ATHENA_WORKGROUP).toBe('opendata-dev');
    expect(fn.Properties.Environment.Variables.GLUE_DATABASE).toBe('opendata_dev');
  });
});
