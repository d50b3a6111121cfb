/**
 * The release API's refusals a department meets besides the manifest's carry their Chinese (`zh` of the
 * problem): an unknown release, files that do not match the manifest, another department's release,
 * a step its state does not allow; `opendata --lang zh` prints it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, fixtureBody, fixtureManifest } from '../support/release-fixtures.ts';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

describe('release API problems in Chinese', () => {
  it('names an unknown release, in the API and in the CLI', async () => {
    const r = await api(p.url, 'GET', '/v1/releases/nope', { token: 'carol' });
    expect(r.status).toBe(404);
    expect(r.body.zh).toEqual({
      detail: '没有发布申请“nope”',
      hint: '用 opendata status（GET /v1/releases）列出发布申请',
    });
    const out = await cli(p.url, ['--lang', 'zh', 'status', 'nope'], 'carol');
    expect(out.code).toBe(1);
    expect(`${out.out}\n${out.err}`).toContain('没有发布申请“nope”');
  });

  it('says which uploaded files do not match the manifest', async () => {
    const body = {
      releaseId: 'zh-files-1',
      manifest: fixtureManifest(),
      files: [{ name: 'other.csv', contentBase64: Buffer.from('station,pm25\na,1\n').toString('base64') }],
    };
    const r = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body });
    expect(r.status).toBe(400);
    expect(r.body.zh.detail).toBe('上传的文件与清单（dataset.yaml）中声明的文件不一致');
    expect(r.body.errors.map((e: { zh?: { message: string } }) => e.zh?.message)).toEqual([
      '清单中写了“data.csv”，但没有上传它',
      '“other.csv”不是清单中的源文件',
    ]);
  });

  it('refuses a step the state does not allow, and a second approval by the submitter, in Chinese', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ releaseId: 'zh-state-1' }),
    });
    expect(created.body.state).toBe('checks-passed');
    const own = await api(p.url, 'POST', '/v1/releases/zh-state-1/approve', { token: 'carol' });
    expect(own.status).toBe(403);
    expect(own.body.zh.detail).toBe('carol：提交了发布申请 zh-state-1，不能再由自己批准（双人复核）');
    expect((await api(p.url, 'POST', '/v1/releases/zh-state-1/approve', { token: 'dave' })).body.state).toBe(
      'published',
    );
    const again = await api(p.url, 'POST', '/v1/releases/zh-state-1/reject', {
      token: 'dave',
      body: { reason: 'too late now' },
    });
    expect(again.status).toBe(409);
    expect(again.body.zh).toEqual({
      detail: '发布申请 zh-state-1 的状态是“已发布”（published）：不能驳回',
      hint: '只有状态为“已提交，检查中”（submitted）或“检查通过，待审批”（checks-passed）或“检查未通过”（checks-failed）的发布申请才能驳回；请查看 opendata status zh-state-1',
    });
  });
});
