/**
 * The help and usage errors of the CLI in both languages: every command's usage and summary has its
 * Chinese (written in Chinese, with every flag of the English), usage errors carry their Chinese, an error
 * about the language itself is said in both, and the Chinese help lines its columns up in a terminal.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../functions/cli/commands/index.ts';
import { KEYS_ISSUE_USAGE } from '../../../functions/cli/commands/keys-issue.ts';
import { KEYS_LIST_USAGE } from '../../../functions/cli/commands/keys-list.ts';
import { KEYS_REVOKE_USAGE } from '../../../functions/cli/commands/keys-revoke.ts';
import { helpLines } from '../../../functions/cli/help-lines.ts';
import { parseArgs, UsageError } from '../../../functions/cli/io.ts';
import { parseLanguage } from '../../../functions/cli/language.ts';
import { columns } from '../../../functions/cli/text-columns.ts';
import type { Bilingual } from '../../../functions/core/manifest/localized.ts';
import { CJK } from '../../support/chinese-text.ts';

const flagsOf = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])];
const placeholders = (text: string) => text.match(/<[^>]+>/g) ?? [];
/** A usage error thrown by `fn`. */
const usageError = (fn: () => unknown): UsageError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('no usage error');
};

/** The Chinese usage line names the same command, subcommands and flags, and says each placeholder in Chinese. */
function expectUsage(u: Bilingual, what: string): void {
  expect(u.en, what).toBeTruthy();
  expect(u['zh-CN'], what).toBeTruthy();
  expect(u['zh-CN'].split(' ')[0], what).toBe(u.en.split(' ')[0]);
  for (const flag of flagsOf(u.en)) expect(u['zh-CN'], `${what}: ${flag}`).toContain(flag);
  expect(flagsOf(u['zh-CN']), what).toEqual(flagsOf(u.en));
  expect(placeholders(u['zh-CN']).length, what).toBe(placeholders(u.en).length);
  for (const p of placeholders(u['zh-CN'])) expect(p, what).toMatch(CJK);
}

describe('every command in both languages', () => {
  it('has a usage and a summary in English and Chinese, the Chinese naming every flag of the English', () => {
    expect(COMMANDS.length).toBeGreaterThan(0);
    for (const c of COMMANDS) {
      expectUsage(c.usage, c.name);
      expect(c.usage.en.startsWith(c.name), c.name).toBe(true);
      expect(c.summary.en, c.name).toBeTruthy();
      expect(c.summary['zh-CN'], c.name).toMatch(CJK);
      for (const flag of flagsOf(c.summary.en)) expect(c.summary['zh-CN'], `${c.name}: ${flag}`).toContain(flag);
    }
    for (const [name, u] of Object.entries({ KEYS_ISSUE_USAGE, KEYS_LIST_USAGE, KEYS_REVOKE_USAGE })) {
      expectUsage(u, name);
    }
  });
});

describe('help in the chosen language', () => {
  it('lists every command in Chinese, the summaries starting at one terminal column', () => {
    const help = helpLines('zh-CN').help;
    expect(help.startsWith('用法：opendata [--iam] [--lang zh|en] <命令> [选项]\n\n')).toBe(true);
    expect(help).toContain('输出语言：--lang zh|en 或 OPENDATA_LANG');
    const rows = help.split('\n').filter((l) => COMMANDS.some((c) => l.startsWith(`  ${c.usage['zh-CN']}`)));
    expect(rows).toHaveLength(COMMANDS.length);
    const starts = COMMANDS.map((c, i) => columns((rows[i] as string).slice(0, -c.summary['zh-CN'].length)));
    expect(new Set(starts).size).toBe(1);
    expect(help).not.toMatch(/usage:|auth:|language of reports/);
  });

  it('keeps the English help as it was', () => {
    const help = helpLines('en').help;
    expect(help.split('\n')[0]).toBe('usage: opendata [--iam] [--lang zh|en] <command> [options]');
    expect(help).toContain(
      `  ${'status [<release-id>] [--dataset <id>] [--json]'.padEnd(Math.max(...COMMANDS.map((c) => c.usage.en.length)))}  show a release`,
    );
    expect(help).not.toMatch(CJK);
  });

  it("prints a command's help and its usage errors with its usage line", () => {
    const release = COMMANDS.find((c) => c.name === 'release');
    if (!release) throw new Error('no release command');
    expect(helpLines('zh-CN').command(release)).toBe(
      `用法：opendata release <目录> [--resubmit] [--json]\n\n  ${release.summary['zh-CN']}`,
    );
    const e = new UsageError('give exactly one dataset (release) folder', '请给出且仅给出一个数据集（发布）目录');
    expect(helpLines('zh-CN').usageError(e, release)).toBe(
      'opendata release：请给出且仅给出一个数据集（发布）目录\n用法：release <目录> [--resubmit] [--json]',
    );
    expect(helpLines('en').usageError(e, release)).toBe(
      'opendata release: give exactly one dataset (release) folder\nusage: release <dir> [--resubmit] [--json]',
    );
    expect(helpLines('zh-CN').unknownCommand('relase')).toMatch(/^opendata：没有“relase”这个命令\n\n用法：/);
  });
});

describe('usage errors', () => {
  it('carry their Chinese: an unknown flag, a flag without its value', () => {
    const unknown = usageError(() => parseArgs(['--bogus'], { booleans: ['json'] }));
    expect(unknown.message).toBe('unknown option --bogus');
    expect(unknown.text('zh-CN')).toBe('无法识别的选项 --bogus');
    expect(unknown.text('en')).toBe('unknown option --bogus');
    const noValue = usageError(() => parseArgs(['--reason'], { strings: ['reason'] }));
    expect(noValue.text('zh-CN')).toBe('--reason 后面需要一个值');
  });

  it('say a language that is neither zh nor en in both languages, whatever the language', () => {
    const e = usageError(() => parseLanguage('xx'));
    const both =
      '--lang (OPENDATA_LANG) must be zh or en, not "xx"\n--lang（OPENDATA_LANG）只能是 zh 或 en，不能是“xx”';
    expect(e.text('zh-CN')).toBe(both);
    expect(e.text('en')).toBe(both);
  });

  it('list the keys subcommands with their options in `keys --help`, in both languages', () => {
    const keys = COMMANDS.find((c) => c.name === 'keys');
    if (!keys) throw new Error('no keys command');
    for (const lang of ['en', 'zh-CN'] as const) {
      const help = helpLines(lang).command(keys);
      for (const u of [KEYS_ISSUE_USAGE, KEYS_REVOKE_USAGE, KEYS_LIST_USAGE])
        expect(help).toContain(`  opendata ${u[lang]}`);
      expect(help).toContain('--data-dir');
    }
    expect(helpLines('zh-CN').command(keys)).toContain('通用选项');
  });
});
