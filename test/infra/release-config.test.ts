import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgePublicationQueue } from '../../functions/adapters/aws/eventbridge-publication-queue.ts';
import { S3PublishedFileAccess } from '../../functions/adapters/aws/s3-published-file-access.ts';
import { loadRegistry } from '../../functions/adapters/local/dataset-folder.ts';
import type { Deps } from '../../functions/usecases/deps.ts';
import { edgeWithdrawal } from '../../functions/wiring/edge-withdrawal.ts';
import { composeAwsReleaseDeps } from '../../functions/wiring/release-deps.ts';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import {
  bundledFileCommands,
  PRINCIPALS_FILE_NAME,
  principalsDelivery,
  REGISTRY_FILE_NAME,
  readRegistry,
  registryJson,
} from '../../infra/release-config.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { EXAMPLE_DEPARTMENTS, type Json, resourcesOf, type Synth, synth } from './helpers.ts';

const DATASETS = join(REPO_ROOT, 'datasets');
const APPROVER = 'arn:aws:iam::123456789012:role/opendata-approver-statistics';
/** The files gate (CloudFront KeyValueStore) both release functions write: ingest opens, releases closes. */
const GATE = {
  [RUNTIME_ENV.filesGateArn]: 'arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
};
/** What the stack sets for withdrawal at the edge (files gate, tags in the published bucket, CloudFront invalidation). */
const EDGE = { [RUNTIME_ENV.publishedBucket]: 'published', [RUNTIME_ENV.distributionId]: 'E2EXAMPLE123', ...GATE };

describe('registry delivery (bundled into the releases asset)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'opendata-asset-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is far beyond what the 4 KB Lambda environment could carry', () => {
    expect(registryJson(readRegistry(DATASETS)).length).toBeGreaterThan(4096);
  });

  it('ends up in the asset, where release-deps reads the same registry the local platform loads', async () => {
    for (const cmd of bundledFileCommands(out, { [REGISTRY_FILE_NAME]: registryJson(readRegistry(DATASETS)) }))
      execSync(cmd);
    const deps = composeAwsReleaseDeps({} as Deps, {
      RAW_BUCKET: 'raw',
      EVENT_BUS_NAME: 'bus',
      ...EDGE,
      PRINCIPALS_JSON: JSON.stringify({ principals: [{ id: 'bob', iamArns: [APPROVER] }] }),
      [RUNTIME_ENV.registryFile]: REGISTRY_FILE_NAME,
      LAMBDA_TASK_ROOT: out,
    });
    const local = await loadRegistry(DATASETS);
    expect(await deps.registry()).toEqual(JSON.parse(JSON.stringify(local)));
    expect((await deps.registry()).licenses.length).toBeGreaterThan(0);
  });

  it('refuses to start without the registry file or principals, naming what is missing', () => {
    expect(() =>
      composeAwsReleaseDeps({} as Deps, { RAW_BUCKET: 'raw', EVENT_BUS_NAME: 'bus', ...EDGE, REGISTRY_FILE: 'x' }),
    ).toThrow(/PRINCIPALS_JSON/);
    expect(() =>
      composeAwsReleaseDeps({} as Deps, {
        RAW_BUCKET: 'raw',
        EVENT_BUS_NAME: 'bus',
        ...EDGE,
        PRINCIPALS_JSON: '{"principals":[]}',
      }),
    ).toThrow(/REGISTRY_FILE/);
  });
});

describe('department ids of the configuration', () => {
  it('must be publishers of the registry: a typo fails synth, naming where it is and the known ids', () => {
    const unknown = {
      'opendata:alertSubscriptions': [{ email: 'privacy@stats.example.org', department: 'demo-stat' }],
      'opendata:principals': [{ id: 'x', iamArns: [APPROVER], roles: [{ role: 'approver', department: 'statistcs' }] }],
    };
    expect(() => synth(unknown, false)).toThrow(
      /principals\[0\]\.roles\[0\]\.department "statistcs", alertSubscriptions\[0\]\.department "demo-stat": not a publisher of datasets\/publishers\.yaml[\s\S]*demo-stats/,
    );
    expect(() =>
      synth({ 'opendata:departments': [{ id: 'stats', githubRepo: 'example-org/stats', branch: 'main' }] }, false),
    ).toThrow(/departments\[0\]\.id "stats"/);
  });
});

describe('publication of approved releases (AWS)', () => {
  const env = {
    ...GATE,
    RAW_BUCKET: 'raw',
    PRINCIPALS_JSON: '{"principals":[]}',
    [RUNTIME_ENV.registryFile]: REGISTRY_FILE_NAME,
  };

  it('goes through ReleaseApproved events on EVENT_BUS_NAME, and the function refuses to start without it', () => {
    const q = composeAwsReleaseDeps({} as Deps, { ...env, [RUNTIME_ENV.eventBusName]: 'opendata-dev' }).publication;
    expect(q).toBeInstanceOf(EventBridgePublicationQueue);
    expect((q as EventBridgePublicationQueue).busName).toBe('opendata-dev');
    expect(() => composeAwsReleaseDeps({} as Deps, env)).toThrow(/EVENT_BUS_NAME/);
  });
});

describe('withdrawal at the edge (releases function)', () => {
  const env = {
    RAW_BUCKET: 'raw',
    EVENT_BUS_NAME: 'bus',
    PRINCIPALS_JSON: '{"principals":[]}',
    [RUNTIME_ENV.registryFile]: REGISTRY_FILE_NAME,
  };

  it('tags objects of PUBLISHED_BUCKET and invalidates DISTRIBUTION_ID', () => {
    const files = composeAwsReleaseDeps({} as Deps, { ...env, ...EDGE }, edgeWithdrawal).publishedFiles;
    expect(files).toBeInstanceOf(S3PublishedFileAccess);
    expect((files as S3PublishedFileAccess).bucket).toBe('published');
    expect((files as S3PublishedFileAccess).distributionId).toBe('E2EXAMPLE123');
  });

  it('refuses to start without the distribution id or with something that is not one', () => {
    const { [RUNTIME_ENV.distributionId]: _, ...noId } = EDGE;
    expect(() => composeAwsReleaseDeps({} as Deps, { ...env, ...noId }, edgeWithdrawal)).toThrow(/DISTRIBUTION_ID/);
    expect(() =>
      composeAwsReleaseDeps(
        {} as Deps,
        {
          ...env,
          ...EDGE,
          [RUNTIME_ENV.distributionId]: 'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE123',
        },
        edgeWithdrawal,
      ),
    ).toThrow(/DISTRIBUTION_ID/);
    const { [RUNTIME_ENV.publishedBucket]: __, ...noBucket } = EDGE;
    expect(() => composeAwsReleaseDeps({} as Deps, { ...env, ...noBucket }, edgeWithdrawal)).toThrow(
      /PUBLISHED_BUCKET/,
    );
  });

  it('the files gate is a CloudFront KeyValueStore ARN; the function refuses to start without one', () => {
    const files = composeAwsReleaseDeps({} as Deps, { ...env, ...EDGE }, edgeWithdrawal).publishedFiles;
    expect((files as S3PublishedFileAccess).gate.kvsArn).toBe(GATE[RUNTIME_ENV.filesGateArn]);
    const { [RUNTIME_ENV.filesGateArn]: _, ...noGate } = EDGE;
    expect(() => composeAwsReleaseDeps({} as Deps, { ...env, ...noGate }, edgeWithdrawal)).toThrow(/FILES_GATE_ARN/);
    expect(() =>
      composeAwsReleaseDeps(
        {} as Deps,
        { ...env, ...EDGE, [RUNTIME_ENV.filesGateArn]: 'arn:aws:s3:::published' },
        edgeWithdrawal,
      ),
    ).toThrow(/FILES_GATE_ARN/);
  });

  it('functions that publish but never withdraw (ingest) only open versions in the files gate', async () => {
    const files = composeAwsReleaseDeps({} as Deps, { ...env, ...GATE }).publishedFiles;
    expect(files).not.toBeInstanceOf(S3PublishedFileAccess);
    await expect(files.withdraw('air', 1, 'a reason')).rejects.toThrow(/does not withdraw/);
    expect(() => composeAwsReleaseDeps({} as Deps, env)).toThrow(/FILES_GATE_ARN/);
  });
});

describe('scheduled invocations', () => {
  it('the maintenance function accepts the tasks its schedules and the deployment send; the releases function none', async () => {
    const { handler: releases } = await import('../../functions/handlers/releases.ts');
    const { MAINTENANCE_TASKS } = await import('../../functions/handlers/maintenance.ts');
    const { FILES_GATE_SYNC_TASK } = await import('../../infra/constructs/files-gate-fill.ts');
    const { DEFAULT_SCHEDULES } = await import('../../infra/handler-table.ts');
    expect(DEFAULT_SCHEDULES.releases).toBeUndefined();
    expect(DEFAULT_SCHEDULES.maintenance?.map((x) => x.input.task)).toEqual([
      'audit-ledger-export',
      'catalog-snapshot-refresh',
    ]);
    for (const sc of DEFAULT_SCHEDULES.maintenance ?? []) expect(MAINTENANCE_TASKS).toContain(sc.input.task);
    expect(MAINTENANCE_TASKS).toContain(FILES_GATE_SYNC_TASK);
    expect(DEFAULT_SCHEDULES.ingest?.map((x) => x.input.task)).toEqual(['scorecard-dataset']);
    await expect(releases({ task: 'catalog-snapshot-refresh' }, undefined as never)).rejects.toThrow(
      /maintenance function/,
    );
  });
});

describe('principals delivery', () => {
  const scope = () => new Stack(new App(), 'S');
  const person = (i: number) => ({
    id: `person-${i}`,
    iamArns: [`arn:aws:iam::123456789012:role/opendata-approver-${i}`],
    admin: false,
    roles: [{ role: 'approver' as const, department: 'demo-stats' }],
  });

  it('uses PRINCIPALS_JSON while small', () => {
    const d = principalsDelivery(scope(), [person(1)], new Map());
    expect(Object.keys(d.environment)).toEqual([RUNTIME_ENV.principalsJson]);
    expect(d.files).toEqual({});
  });

  it('bundles a large directory as a file (PRINCIPALS_FILE), readable by release-deps', () => {
    const many = Array.from({ length: 30 }, (_, i) => person(i));
    const d = principalsDelivery(scope(), many, new Map());
    expect(d.environment).toEqual({ [RUNTIME_ENV.principalsFile]: PRINCIPALS_FILE_NAME });
    const out = mkdtempSync(join(tmpdir(), 'opendata-asset-'));
    try {
      for (const cmd of bundledFileCommands(out, d.files)) execSync(cmd);
      for (const cmd of bundledFileCommands(out, { [REGISTRY_FILE_NAME]: registryJson(readRegistry(DATASETS)) }))
        execSync(cmd);
      expect(() =>
        composeAwsReleaseDeps({} as Deps, {
          RAW_BUCKET: 'raw',
          EVENT_BUS_NAME: 'bus',
          ...EDGE,
          PRINCIPALS_FILE: PRINCIPALS_FILE_NAME,
          REGISTRY_FILE: REGISTRY_FILE_NAME,
          LAMBDA_TASK_ROOT: out,
        }),
      ).not.toThrow();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('stack with principals and department alert subscriptions', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth(
      {
        'opendata:departments': EXAMPLE_DEPARTMENTS,
        'opendata:principals': [
          {
            id: 'statistics-ci',
            departmentCiRole: 'demo-stats',
            roles: [{ role: 'publisher', department: 'demo-stats' }],
          },
          { id: 'bob', iamArns: [APPROVER], roles: [{ role: 'approver', department: 'demo-stats' }] },
        ],
        'opendata:alertSubscriptions': [
          { email: 'privacy@statistics.example.org', department: 'demo-stats' },
          { email: 'admin@example.org' },
          { email: 'dpo@example.org', urgentOnly: true },
        ],
      },
      false,
    );
  });

  it('maps the department CI role (deploy-time ARN) and the approver role to principals in PRINCIPALS_JSON', () => {
    const fn = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === 'opendata-releases',
    ) as Json;
    const principals = JSON.stringify(fn.Properties.Environment.Variables.PRINCIPALS_JSON);
    expect(principals).toContain(APPROVER);
    expect(principals).toMatch(/Fn::GetAtt[^\]]*DepartmentCiDepartmentdemostats[^\]]*Arn/);
    expect(principals).toContain('statistics-ci');
  });

  it('subscribes the department address with a filter on its department, the admin to everything, urgentOnly to urgent alerts', () => {
    const subs = Object.values(resourcesOf(s.compute, 'AWS::SNS::Subscription')).filter((x) =>
      JSON.stringify(x.Properties.TopicArn).includes('AlertsTopic'),
    );
    expect(subs.map((x) => x.Properties.Endpoint).sort()).toEqual([
      'admin@example.org',
      'dpo@example.org',
      'privacy@statistics.example.org',
    ]);
    const dept = subs.find((x) => x.Properties.Endpoint === 'privacy@statistics.example.org');
    expect(dept.Properties.FilterPolicy).toEqual({ department: ['demo-stats'] });
    expect(subs.find((x) => x.Properties.Endpoint === 'admin@example.org').Properties.FilterPolicy).toBeUndefined();
    // Privacy alerts only, no release notices.
    expect(subs.find((x) => x.Properties.Endpoint === 'dpo@example.org').Properties.FilterPolicy).toEqual({
      urgency: ['urgent'],
    });
  });
});
