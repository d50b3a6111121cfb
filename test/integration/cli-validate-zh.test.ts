/**
 * `opendata --lang zh validate` on a refused dataset folder (a manifest that does not parse, an
 * unknown publisher, a missing source file): the refusal and each problem in Chinese, with 提示：
 * for the hint; English without the flag; `--json` carries both.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env, cwd: root }, out, err };
}

describe('opendata validate: a refused dataset folder in Chinese', () => {
  let work: string;
  let dir: string;
  let manifest: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cli-validate-zh-'));
    await cp(join(root, 'datasets', 'publishers.yaml'), join(work, 'publishers.yaml'));
    await cp(join(root, 'datasets', 'licenses.yaml'), join(work, 'licenses.yaml'));
    dir = join(work, 'seattle-weather');
    await cp(join(root, 'datasets', 'seattle-weather'), dir, { recursive: true });
    manifest = await readFile(join(dir, 'dataset.yaml'), 'utf8');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('prints each manifest problem in Chinese under --lang zh, and in English without it', async () => {
    const broken = manifest
      .replace(/^updateFrequency: .*$/m, 'updateFrequency: dayly')
      .replace(/^publisher: .*$/m, 'publisher: no-such-department')
      .replace(/^description:/m, 'descripton:');
    await writeFile(join(dir, 'dataset.yaml'), broken);
    const zh = capture();
    expect(await main(['--lang', 'zh', 'validate', dir], zh.io)).toBe(1);
    const text = zh.err.join('\n');
    expect(text).toMatch(/✗ .*dataset\.yaml 有 \d+ 个问题/);
    expect(text).toContain('dataset.yaml: descripton：无法识别的键 `descripton`\n    提示：是否应为 `description`？');
    expect(text).toContain('dataset.yaml: description：缺少必填项 `description`');
    expect(text).toContain('文本“dayly”不在允许的取值中：daily、');
    expect(text).toContain('发布部门（publisher）“no-such-department”没有登记');
    expect(text).not.toMatch(/hint:|is required|unknown key/);

    const en = capture();
    expect(await main(['validate', dir], en.io)).toBe(1);
    const english = en.err.join('\n');
    expect(english).toContain(
      'dataset.yaml: descripton: unknown key `descripton`\n    hint: did you mean `description`?',
    );
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);

    // A zh locale reads Chinese too; --json carries both languages, whatever the language.
    const json = capture({ LANG: 'zh_CN.UTF-8' });
    expect(await main(['validate', dir, '--json'], json.io)).toBe(1);
    const body = JSON.parse(json.out.join('\n')) as {
      problem: { detail: string; zh: { detail: string }; errors: { message: string; zh: { message: string } }[] };
    };
    expect(body.problem.detail).toMatch(/has \d+ problem\(s\)$/);
    expect(body.problem.zh.detail).toMatch(/有 \d+ 个问题$/);
    expect(body.problem.errors).toContainEqual(
      expect.objectContaining({
        message: 'unknown key `descripton`',
        zh: { message: '无法识别的键 `descripton`', hint: '是否应为 `description`？' },
      }),
    );
  });

  it('prints a missing source file in Chinese', async () => {
    await writeFile(join(dir, 'dataset.yaml'), manifest.replace(/path: \S+/, 'path: nowhere.csv'));
    const c = capture({ OPENDATA_LANG: 'zh-CN' });
    expect(await main(['validate', dir], c.io)).toBe(1);
    const text = c.err.join('\n');
    expect(text).toContain('✗ 源文件 nowhere.csv 不存在');
    expect(text).toMatch(
      /source\.files\[0\]\.path：.*nowhere\.csv 处没有文件\n {4}提示：路径是相对于清单（dataset\.yaml）所在文件夹的/,
    );
  });
});
