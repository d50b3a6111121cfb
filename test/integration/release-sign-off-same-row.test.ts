/**
 * The platform sign-off of a `same-row-value` exception: a department that publishes, under an
 * exception, the value of a column it graded withheld (the 负责人's name in the remarks) overrules its
 * own grading, so a platform admin signs the release off before a department approver may approve it,
 * as for identity numbers. Values that k-anonymity suppression took out were not published: an
 * exception whose every value was suppressed excepted nothing, needs no sign-off, and the warning says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, releaseBody } from '../support/release-fixtures.ts';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

const JUSTIFICATION = 'the inspector in charge signs every notice in person, by regulation';

/** Inspections whose `inspector` column is graded internal; `rows`: [district, inspector, remarks]. */
function body(releaseId: string, rows: readonly (readonly [string, string, string])[], suppress = false) {
  const manifest = `id: inspections-${releaseId}
title: Site inspections
description: Inspections of construction sites, a fixture for the platform sign-off of withheld values.
publisher: demo-ecology-environment
contact: { name: Inspection section, email: opendata@sthj.demo-city.example }
themes: [environment]
license: CC-BY-4.0
updateFrequency: daily
source:
  files: [{ path: data.csv }]
  format: csv
  encoding: utf-8
primaryKey: [site]
fields:
  - name: site
    type: string
  - name: district
    type: string
  - name: inspector
    type: string
    grade: internal
  - name: remarks
    type: string
piiExceptions:
  - { field: remarks, detector: same-row-value, justification: '${JUSTIFICATION}' }
${suppress ? 'kAnonymity: { quasiIdentifiers: [district], k: 3, suppress: true }\n' : ''}`;
  return releaseBody(releaseId, manifest, [
    'site,district,inspector,remarks',
    ...rows.map(([district, inspector, remarks], i) => `site-${i},${district},${inspector},${remarks}`),
  ]);
}

describe("a withheld column's values under an exception need a platform sign-off", () => {
  it('refuses the department approver alone, in the API and the CLI, until an admin signs off', async () => {
    const rows = [
      ['东城区', '王建国', '已由王建国现场签字'],
      ['东城区', '李秀英', '已由李秀英现场签字'],
      ['东城区', '赵志强', '整改完成'],
    ] as const;
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: body('sr-1', rows) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'checks-passed',
      checks: { valid: true, piiExceptions: [{ field: 'remarks', detector: 'same-row-value', values: 2 }] },
    });

    const alone = await api(p.url, 'POST', '/v1/releases/sr-1/approve', { token: 'dave' });
    expect(alone.status).toBe(403);
    expect(alone.body.detail).toContain(
      `publishes withheld columns' values under piiExceptions (2 cell(s) of "remarks" holding the same row's value of a withheld column)`,
    );
    expect(alone.body.platformSignOff).toBe('required');

    // The department's approver, in Chinese: what is needed and how.
    const aloneZh = await cli(p.url, ['--lang', 'zh', 'approve', 'sr-1'], 'dave');
    expect(aloneZh.code).toBe(1);
    expect(`${aloneZh.out}\n${aloneZh.err}`).toContain(
      'dave：发布申请 sr-1 按 piiExceptions 发布未公开列的原值（字段“remarks”中 2 个单元格含有同一行未公开列的原值）：须先经平台签核，部门才能批准',
    );
    const status = await cli(p.url, ['status', 'sr-1'], 'dave');
    expect(status.out).toContain(
      `platform sign-off: needed (withheld columns' values under piiExceptions: 2 cell(s) of "remarks" holding the same row's value of a withheld column)`,
    );
    const statusZh = await cli(p.url, ['--lang', 'zh', 'status', 'sr-1'], 'dave');
    expect(statusZh.out).toContain(
      '平台签核：需要（按 piiExceptions 发布的未公开列的原值：字段“remarks”中 2 个单元格含有同一行未公开列的原值）',
    );

    // The admin signs off with the CLI, in Chinese: the line says who approves next.
    const signed = await cli(p.url, ['--lang', 'zh', 'approve', 'sr-1'], 'admin');
    expect(signed.code).toBe(0);
    expect(signed.out).toContain(
      '✓ sr-1 已由 admin 完成平台签核：接下来由 demo-ecology-environment 中 carol 以外的审批人审批',
    );
    const after = await api(p.url, 'GET', '/v1/releases/sr-1', { token: 'carol' });
    expect(after.body).toMatchObject({ state: 'checks-passed', platformSignOff: { by: 'admin' } });
    const published = await api(p.url, 'POST', '/v1/releases/sr-1/approve', { token: 'dave' });
    expect(published.body).toMatchObject({ state: 'published', platformSignOff: { by: 'admin' } });
  });

  it('counts what is published: values in rows k-anonymity suppressed need no sign-off, and the warning says why', async () => {
    const rows = [
      ['东城区', '王建国', '整改完成'],
      ['东城区', '李秀英', '整改完成'],
      ['东城区', '赵志强', '整改完成'],
      // Alone in its district (k = 3): suppressed, with the only leak.
      ['西城区', '陈美玲', '已由陈美玲现场签字'],
    ] as const;
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: body('sr-2', rows, true) });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('checks-passed');
    expect(created.body.checks.piiExceptions).toEqual([
      { field: 'remarks', detector: 'same-row-value', values: 0, suppressed: 1 },
    ]);
    expect(created.body.checks.suppressed).toMatchObject({ rows: 1, of: 4, k: 3 });
    const warning = created.body.checks.warnings.find((w: { type: string }) => w.type === 'pii/unused-exception');
    expect(warning.message).toContain(
      'its 1 value(s) were all in rows suppressed for k-anonymity, so none is published',
    );
    expect(warning.zh.message).toContain('它的 1 个值都在为满足 k-匿名而删除的行中');
    expect(created.body.platformSignOff).toBeUndefined();
    // No sign-off to give: the department approves alone.
    const admin = await api(p.url, 'POST', '/v1/releases/sr-2/approve', { token: 'admin' });
    expect(admin.status).toBe(403);
    expect((await api(p.url, 'POST', '/v1/releases/sr-2/approve', { token: 'dave' })).body.state).toBe('published');
  });
});
