/**
 * `opendata` typed wrong under `--lang zh` (or a zh locale): the usage error in Chinese with its Chinese
 * usage line (exit 2), `--help` and an unknown command in Chinese; the English as it was without it; a
 * `--lang` that is neither language refused in both.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CJK } from '../support/chinese-text.ts';
import { runCli } from '../support/cli.ts';
import { closedPort } from '../support/closed-port.ts';

const ZH_LOCALE = { LANG: 'zh_CN.UTF-8' };

describe('opendata usage errors and help in Chinese', () => {
  it('says a usage error in Chinese with the Chinese usage line, exit 2', async () => {
    const release = await runCli(['--lang', 'zh', 'release']);
    expect(release.code).toBe(2);
    expect(release.err).toBe(
      'opendata release：请给出且仅给出一个数据集（发布）目录\n用法：release <目录> [--resubmit] [--json]',
    );
    const flag = await runCli(['reject', 'r-1', '--reasn', 'x'], ZH_LOCALE);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('opendata reject：无法识别的选项 --reasn');
    const noValue = await runCli(['--lang=zh', 'withdraw', 'd', '1', '--reason']);
    expect(noValue.code).toBe(2);
    expect(noValue.err).toContain('--reason 后面需要一个值');
    const noToken = await runCli(['--lang', 'zh', 'keys', 'list', '--data-dir', join(tmpdir(), 'no-opendata-data')]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/^opendata keys：没有管理员令牌：请用 --token 传入/);
    for (const r of [release, flag, noValue, noToken]) expect(r.err).not.toMatch(/usage:|give |unknown option|needs a/);
  });

  it('says an --against platform it cannot reach in Chinese, exit 2', async () => {
    const dataset = join(import.meta.dirname, '..', '..', 'datasets', 'seattle-weather');
    const r = await runCli(['--lang', 'zh', 'validate', dataset, '--against', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^✗ --against：无法连接 http:\/\/127\.0\.0\.1:9：/);
  });

  it('says a platform the admin and release commands cannot reach in both languages, exit 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const down = { OPENDATA_API: url, OPENDATA_TOKEN: 't' };
    const keys = await runCli(['--lang', 'zh', 'keys', 'list', '--url', url, '--token', 't']);
    const status = await runCli(['--lang', 'zh', 'status'], down);
    const english = await runCli(['keys', 'list', '--url', url, '--token', 't']);
    for (const r of [keys, status, english]) expect(r.code).toBe(1);
    // One client, one sentence: the keys commands say it as every other API command does.
    for (const r of [keys, status])
      expect(r.err).toContain(
        `无法连接 ${url}：连接被拒绝：该地址上没有服务在监听（ECONNREFUSED）。平台是否在这个地址运行（本地：npm start）？`,
      );
    expect(english.err).toContain(
      `cannot reach ${url}: connection refused: nothing listens there (ECONNREFUSED). Is the platform running at that address (locally: npm start)?`,
    );
  });

  it('asks which release folder to release when a dataset keeps several, in both languages, exit 2', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const releases = join('datasets', 'mauna-loa-co2', 'releases');
    const en = await runCli(['release', join('datasets', 'mauna-loa-co2')], {}, root);
    expect(en.code).toBe(2);
    expect(en.err.split('\n')[0]).toBe(
      `opendata release: datasets/mauna-loa-co2 holds release folders, not a dataset.yaml: name the one to release (${join(releases, '01-1958-2000')}, ${join(releases, '02-1958-2020')}), e.g. opendata release ${join(releases, '02-1958-2020')}`,
    );
    const zh = await runCli(['--lang', 'zh', 'release', join('datasets', 'mauna-loa-co2')], {}, root);
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('中是各次发布的目录，而不是 dataset.yaml：请指定要发布的那个目录');
  });

  it('prints --help and the commands after an unknown one in Chinese', async () => {
    const help = await runCli(['--help', '--lang', 'zh']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^用法：opendata \[--iam\] \[--lang zh\|en\] <命令> \[选项\]/);
    expect(help.out).toContain('  release <目录> [--resubmit] [--json]');
    expect(help.out).toContain('提交数据集的发布申请');
    const command = await runCli(['release', '--help'], ZH_LOCALE);
    expect(command.code).toBe(0);
    expect(command.out).toMatch(/^用法：opendata release <目录> \[--resubmit\] \[--json\]\n\n {2}提交数据集的发布申请/);
    const unknown = await runCli(['relase'], { OPENDATA_LANG: 'zh' });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^opendata：没有“relase”这个命令\n\n用法：opendata/);
    for (const name of ['validate', 'preview', 'keys', 'approve', 'status', 'withdraw', 'audit'])
      expect(unknown.err).toContain(`\n  ${name} `);
  });

  it('keeps the English as it was without a Chinese language', async () => {
    const release = await runCli(['release']);
    expect(release.code).toBe(2);
    expect(release.err).toBe(
      'opendata release: give exactly one dataset (release) folder\nusage: release <dir> [--resubmit] [--json]',
    );
    const help = await runCli(['--help'], { ...ZH_LOCALE, OPENDATA_LANG: 'en' });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: opendata \[--iam\] \[--lang zh\|en\] <command> \[options\]\n/);
    expect(help.out).not.toMatch(CJK);
    const unknown = await runCli(['relase']);
    expect(unknown.err).toMatch(/^opendata: unknown command "relase"\n\nusage: opendata /);
  });

  it('refuses a language that is neither zh nor en in both languages, the help in the locale', async () => {
    const both =
      '--lang (OPENDATA_LANG) must be zh or en, not "xx"\n--lang（OPENDATA_LANG）只能是 zh 或 en，不能是“xx”';
    const flag = await runCli(['--lang', 'xx', 'release'], ZH_LOCALE);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/^opendata：/);
    expect(flag.err).toContain(both);
    expect(flag.err).toContain('\n\n用法：opendata');
    const env = await runCli(['status'], { OPENDATA_LANG: 'xx' });
    expect(env.code).toBe(2);
    expect(env.err).toContain(both);
    expect(env.err).toContain('\n\nusage: opendata');
  });
});
