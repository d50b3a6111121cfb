import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_BUILD } from '../../infra/constructs/site-rebuild.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { actionsOf, type Json, resourcesOf, roleStatements, type Synth, synth } from './helpers.ts';

/**
 * A failed site build is retried by the hourly maintenance: the build records what it built from
 * (SITE_BUILD.markerKey), and the maintenance function, alone, may start the project again.
 */
let s: Synth;
beforeAll(() => {
  s = synth();
});

const projectId = () => {
  const ids = Object.keys(resourcesOf(s.compute, 'AWS::CodeBuild::Project'));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const startBuilds = (): Array<{ roles: string; st: Json }> =>
  Object.values(resourcesOf(s.compute, 'AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Json[])
      .filter((st) => actionsOf([st]).some((a) => a.startsWith('codebuild:')))
      .map((st) => ({ roles: JSON.stringify(p.Properties.Roles), st })),
  );

describe('site build retry (template)', () => {
  it('lets only the maintenance function start the site build, on that one project, and nothing else of CodeBuild', () => {
    const starts = startBuilds().filter(({ roles }) => roles.includes('Handlers'));
    expect(starts).toHaveLength(1);
    expect(starts[0]?.roles).toContain('HandlersMaintenanceRole');
    expect(actionsOf([starts[0]?.st])).toEqual(['codebuild:StartBuild']);
    expect(starts[0]?.st.Resource).toEqual({ 'Fn::GetAtt': [projectId(), 'Arn'] });
  });

  it('names the project in the maintenance function only', () => {
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')) as Json[];
    const withProject = fns.filter((f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.siteBuildProject]);
    expect(withProject.map((f) => f.Properties.Environment.Variables[RUNTIME_ENV.serviceName])).toEqual([
      'opendata-maintenance',
    ]);
    expect(withProject[0].Properties.Environment.Variables[RUNTIME_ENV.siteBuildProject]).toEqual({ Ref: projectId() });
  });

  it('reads the marker with the catalogue grants it already has (catalog/ in the published bucket)', () => {
    expect(SITE_BUILD.markerKey.startsWith('catalog/')).toBe(true);
    const reads = roleStatements(s.compute, 'HandlersMaintenanceRole').filter((st) =>
      actionsOf([st]).includes('s3:GetObject'),
    );
    expect(JSON.stringify(reads)).toContain('/catalog/*');
  });

  it('lets the build write its marker key and no other key of the published bucket', () => {
    const puts = roleStatements(s.compute, 'SiteRebuildRole').filter(
      (st) => actionsOf([st]).includes('s3:PutObject') && JSON.stringify(st.Resource).includes('PublishedBucket'),
    );
    expect(puts).toHaveLength(1);
    expect(actionsOf(puts)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(puts[0].Resource)).toContain(`/${SITE_BUILD.markerKey}`);
    expect(JSON.stringify(puts[0].Resource)).not.toContain('*');
  });
});
