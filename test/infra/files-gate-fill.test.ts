import { beforeAll, describe, expect, it } from 'vitest';
import { FILES_GATE_SYNC_TASK } from '../../infra/constructs/files-gate-fill.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * A new files gate starts empty, and until it lists the published versions `/files/` answers 404 for
 * all of them: the compute stack queues the releases function's sync whenever the store is created or
 * replaced, so no operator has to remember it after a first deploy or a redeploy.
 */
describe('the files gate is filled at deploy time', () => {
  let s: Synth;
  let fill: Json;
  beforeAll(() => {
    s = synth();
    const custom = Object.values(resourcesOf(s.compute, 'Custom::AWS')) as Json[];
    fill = custom.find((r) => JSON.stringify(r.Properties.Create ?? '').includes(FILES_GATE_SYNC_TASK));
  }, 120_000);

  // The SDK call is a JSON string in which the template's tokens are joined in.
  const call = (when: 'Create' | 'Update'): string => JSON.stringify(fill.Properties[when]);

  it('on create and on update, an asynchronous invoke of the releases function with the sync task', () => {
    expect(fill).toBeDefined();
    for (const when of ['Create', 'Update'] as const) {
      const text = call(when);
      expect(text).toContain('\\"service\\":\\"Lambda\\"');
      expect(text).toContain('\\"action\\":\\"invoke\\"');
      expect(text).toContain('\\"InvocationType\\":\\"Event\\"');
      expect(text).toContain(FILES_GATE_SYNC_TASK);
      // The function invoked is the releases function, the physical id the store's ARN (so an update
      // that keeps the store does not run it again, a replaced store does).
      const releases = Object.keys(resourcesOf(s.compute, 'AWS::Lambda::Function')).find((id) =>
        id.startsWith('HandlersReleasesFunction'),
      );
      expect(releases, 'releases function').toBeDefined();
      expect(text).toContain(releases);
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
    const fillPolicy = invokes.filter((st) => JSON.stringify(st.Resource).includes('HandlersReleasesFunction'));
    expect(fillPolicy.length).toBeGreaterThan(0);
    for (const st of fillPolicy) expect(JSON.stringify(st.Resource)).not.toContain('*');
  });
});
