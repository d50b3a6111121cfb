import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, type HandlerSpec } from '../../functions/routes.ts';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { appVersion } from '../../infra/stacks/stateless-stack.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

const pkgVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();

describe('APP_VERSION (what /v1/health answers)', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({}, false);
  });

  it("is package.json's version plus the commit synthesized", () => {
    const v = appVersion(REPO_ROOT);
    expect(v.startsWith(`${pkgVersion}+${head}`)).toBe(true);
    expect(v).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}(\.dirty)?$/);
  });

  it('is given only to the functions that report it (it changes with every commit)', () => {
    const fns = (Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')) as Json[]).filter(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName],
    );
    const reporting = Object.entries(HANDLERS)
      .filter(([, spec]) => (spec as HandlerSpec).reportsVersion)
      .map(([name]) => `opendata-${name}`);
    expect(reporting.sort()).toEqual(['opendata-health', 'opendata-openapi']);
    for (const f of fns) {
      const vars = f.Properties.Environment.Variables;
      const name = vars[RUNTIME_ENV.serviceName] as string;
      expect(vars.APP_VERSION, name).toBe(reporting.includes(name) ? appVersion(REPO_ROOT) : undefined);
    }
  });

  it('says "unknown" without git or outside a checkout', () => {
    expect(appVersion(REPO_ROOT, { PATH: '' })).toBe(`${pkgVersion}+unknown`);
    const dir = mkdtempSync(join(tmpdir(), 'opendata-version-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '9.8.7' }));
    expect(appVersion(dir, { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() })).toBe('9.8.7+unknown');
  });
});
