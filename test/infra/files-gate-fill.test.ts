import { beforeAll, describe, expect, it } from 'vitest';
import { FILES_GATE_SYNC_TASK, SNAPSHOT_REFRESH_TASK } from '../../infra/constructs/files-gate-fill.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * A new files gate starts empty, and until it lists the published versions `/files/` answers 404 for
 * all of them: the compute stack queues the sync of the function that reconciles the gate (the one the
 * hourly schedule invokes) whenever the store is created or replaced, so no operator has to remember it
 * after a first deploy or a redeploy.
 */
/** Logical id of the function the hourly schedule (catalogue refresh and gate reconciliation) invokes. */
function hourlyTarget(app: Synth): string {
  const hourly = (Object.values(resourcesOf(app.compute, 'AWS::Events::Rule')) as Json[]).filter(
    (r) => r.Properties.ScheduleExpression === 'rate(1 hour)',
  );
  expect(hourly).toHaveLength(1);
  expect(JSON.parse(hourly[0].Properties.Targets[0].Input)).toEqual({ task: SNAPSHOT_REFRESH_TASK });
  return hourly[0].Properties.Targets[0].Arn['Fn::GetAtt'][0];
}

describe('the files gate is filled at deploy time', () => {
  let s: Synth;
  let fill: Json;
  let reconciler: string;
  beforeAll(() => {
    s = synth();
    const custom = Object.values(resourcesOf(s.compute, 'Custom::AWS')) as Json[];
    fill = custom.find((r) => JSON.stringify(r.Properties.Create ?? '').includes(FILES_GATE_SYNC_TASK));
    reconciler = hourlyTarget(s);
  }, 120_000);

  // The SDK call is a JSON string in which the template's tokens are joined in.
  const call = (when: 'Create' | 'Update'): string => JSON.stringify(fill.Properties[when]);

  it('the reconciling function is the maintenance function (15 minutes), not the releases API', () => {
    const fn = resourcesOf(s.compute, 'AWS::Lambda::Function')[reconciler];
    expect(fn?.Properties.Environment.Variables[RUNTIME_ENV.serviceName]).toBe('opendata-maintenance');
    expect(fn?.Properties.Timeout).toBe(900);
  });

  it('on create and on update, an asynchronous invoke of the reconciling function with the sync task', () => {
    expect(fill).toBeDefined();
    for (const when of ['Create', 'Update'] as const) {
      const text = call(when);
      expect(text).toContain('\\"service\\":\\"Lambda\\"');
      expect(text).toContain('\\"action\\":\\"invoke\\"');
      expect(text).toContain('\\"InvocationType\\":\\"Event\\"');
      expect(text).toContain(FILES_GATE_SYNC_TASK);
      // The function invoked is the one that reconciles the gate every hour, the physical id the store's
      // ARN (so an update that keeps the store does not run it again, a replaced store does).
      expect(text).toContain(reconciler);
      const kvs = Object.keys(resourcesOf(s.compute, 'AWS::CloudFront::KeyValueStore'));
      expect(kvs).toHaveLength(1);
      expect(text).toContain(kvs[0]);
      expect(text).toContain('physicalResourceId');
    }
  });

  it('may invoke that function only', () => {
    const policies = Object.values(resourcesOf(s.compute, 'AWS::IAM::Policy')) as Json[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    const invokes = statements.filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'));
    const fillPolicy = invokes.filter((st) => JSON.stringify(st.Resource).includes(reconciler));
    expect(fillPolicy.length).toBeGreaterThan(0);
    for (const st of fillPolicy) expect(JSON.stringify(st.Resource)).not.toContain('*');
  });
});

/**
 * A new stage has no catalogue snapshot, so no site (S3 AccessDenied at `/`) until the hourly refresh:
 * the stack queues that refresh once when it is created, after the site rebuild's rule exists (its
 * CatalogPublished event would be lost before).
 */
describe('the first catalogue snapshot (and so the site) is made at deploy time', () => {
  let s: Synth;
  let id: string;
  let refresh: Json;
  beforeAll(() => {
    s = synth();
    const custom = Object.entries(resourcesOf(s.compute, 'Custom::AWS')) as Array<[string, Json]>;
    [id, refresh] = custom.find(([, r]) =>
      JSON.stringify(r.Properties.Create ?? '').includes(SNAPSHOT_REFRESH_TASK),
    ) ?? ['', undefined];
  }, 120_000);

  it('queues what the hourly schedule sends, to the function it invokes, on create only', () => {
    expect(refresh, 'snapshot refresh custom resource').toBeDefined();
    // The SDK call is a JSON string with the function's name joined in (Fn::Join); its Payload is JSON too.
    const parts: Json[] = refresh.Properties.Create['Fn::Join'][1];
    const call = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'FUNCTION')).join(''));
    expect(call).toMatchObject({
      service: 'Lambda',
      action: 'invoke',
      parameters: { FunctionName: 'FUNCTION', InvocationType: 'Event' },
    });
    expect(JSON.parse(call.parameters.Payload)).toEqual({ task: SNAPSHOT_REFRESH_TASK });
    expect(parts.filter((p) => typeof p !== 'string')).toEqual([{ Ref: hourlyTarget(s) }]);
    expect(refresh.Properties.Update).toBeUndefined();
  });

  it("runs after the site rebuild's rule and project exist", () => {
    const template = s.compute.toJSON() as Json;
    const dependsOn: string[] = template.Resources[id].DependsOn ?? [];
    const rule = Object.entries(resourcesOf(s.compute, 'AWS::Events::Rule')).find(
      ([, r]) => r.Properties.EventPattern?.['detail-type']?.[0] === 'CatalogPublished',
    );
    const project = Object.keys(resourcesOf(s.compute, 'AWS::CodeBuild::Project'));
    expect(rule, 'CatalogPublished rule').toBeDefined();
    expect(dependsOn).toContain(rule?.[0]);
    expect(dependsOn).toEqual(expect.arrayContaining(project));
  });
});
