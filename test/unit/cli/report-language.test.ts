import { describe, expect, it } from 'vitest';
import { printProblem } from '../../../functions/cli/api-client.ts';
import { cliLanguage } from '../../../functions/cli/language.ts';
import { main } from '../../../functions/cli/main.ts';
import { formatRelease } from '../../../functions/cli/release-format.ts';
import { formatIssue, formatReport, problemLines } from '../../../functions/cli/report-format.ts';
import type { ReleaseView } from '../../../functions/core/release/release.ts';
import type { ValidationIssue, ValidationReport } from '../../../functions/core/validation/report.ts';

const enum_ = {
  type: 'cell/enum',
  file: 'licences.csv',
  row: 7,
  line: 9,
  field: '行业',
  value: '餐饮业',
  message: '"餐饮业" is not one of the allowed values',
  hint: 'use one of: 餐饮, 零售',
  zh: { message: '“餐饮业”不是允许的取值', hint: '请使用以下取值之一：餐饮, 零售' },
} as const satisfies ValidationIssue;

const refused = (issues: ValidationIssue[]): ValidationReport => ({
  valid: false,
  rowsRead: 60,
  issues,
  counts: { 'cell/enum': issues.length },
  total: issues.length,
  cap: 1000,
});

describe('the language of CLI reports', () => {
  it('is --lang / OPENDATA_LANG, else the locale: a zh locale reads Chinese, any other English', () => {
    expect(cliLanguage({})).toBe('en');
    expect(cliLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(cliLanguage({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'zh_CN.UTF-8', OPENDATA_LANG: 'en' })).toBe('en');
    expect(cliLanguage({ OPENDATA_LANG: 'zh' })).toBe('zh-CN');
    expect(() => cliLanguage({ OPENDATA_LANG: 'fr' })).toThrow(/must be zh or en, not "fr"/);
  });

  it('prints an issue in Chinese: where in Chinese words, then its zh message and hint', () => {
    expect(formatIssue(enum_, '  ', '', 'zh-CN')).toEqual([
      '  [cell/enum] licences.csv，第 7 行（文件第 9 行），字段“行业”：“餐饮业”不是允许的取值',
      '    提示：请使用以下取值之一：餐饮, 零售',
    ]);
    // English stays as it was.
    expect(formatIssue(enum_, '  ')[0]).toBe(
      '  [cell/enum] licences.csv, row 7 (line 9), field "行业": "餐饮业" is not one of the allowed values',
    );
  });

  it('falls back to the English of an older stored issue without zh, in a Chinese frame', () => {
    const { zh: _, ...old } = enum_;
    const lines = formatIssue({ ...old, sheetRow: 4, line: undefined }, '', '', 'zh-CN');
    expect(lines[0]).toBe(
      '[cell/enum] licences.csv，第 7 行（工作表第 4 行），字段“行业”："餐饮业" is not one of the allowed values',
    );
    expect(lines[1]).toBe('  提示：use one of: 餐饮, 零售');
  });

  it('writes the verdict, the suppression and the overflow in Chinese', () => {
    const report = {
      ...refused([enum_]),
      total: 3,
      counts: { 'cell/enum': 3 },
      suppressed: { rows: 18, of: 60, k: 5, quasiIdentifiers: ['区县', '行业'] },
    };
    const text = formatReport('business-licence-register', report, false, 'zh-CN');
    expect(text.split('\n')[0]).toBe('✗ business-licence-register：60 行中发现 3 个问题——本次发布将被拒绝');
    expect(text).toContain('! 60 行中有 18 行（30%）将不发布：按 区县+行业 做 k-匿名删除（k=5）');
    expect(text).toContain('……另有 2 个问题。各类问题数：{"cell/enum":3}');
    expect(
      formatReport('x', { valid: true, rowsRead: 60, issues: [], counts: {}, total: 0, cap: 1000 }, false, 'zh-CN'),
    ).toBe('✓ x：校验通过（检查了 60 行）');
  });

  it('writes a release in Chinese, the state id beside its words', () => {
    const release = {
      id: 'business-licence-register-3',
      datasetId: 'business-licence-register',
      department: 'scjg',
      state: 'checks-failed',
      manifest: {},
      history: [{ state: 'submitted', by: 'bob', at: '2026-11-23T01:00:00.000Z' }],
      checks: { ...refused([enum_]), checkedAt: '2026-11-23T01:00:01.000Z' },
    } as unknown as ReleaseView;
    const text = formatRelease(release, 'zh-CN');
    expect(text).toContain('发布申请 business-licence-register-3');
    expect(text).toContain('状态 检查未通过（checks-failed）');
    expect(text).toContain('本次发布已被拒绝');
    expect(text).toContain('字段“行业”：“餐饮业”不是允许的取值');
  });

  it('reads --lang anywhere in argv, and refuses an unknown language as a usage error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd: '/' };
    expect(await main(['--lang', 'fr', 'validate', '.'], io)).toBe(2);
    expect(err.join('\n')).toContain('--lang (OPENDATA_LANG) must be zh or en, not "fr"');
    expect(await main(['validate', '--lang'], io)).toBe(2);
    expect(err.join('\n')).toContain('--lang needs a value');
  });

  it('prints a problem (an API answer or a local refusal) in Chinese where it has Chinese, its own hint last', () => {
    const problem = {
      detail: 'dataset.yaml is not valid',
      hint: 'see GET /v1/releases/r-1',
      errors: [
        {
          where: 'publisher',
          message: 'unknown publisher "scj"',
          hint: 'use one of: scjg',
          zh: { message: '未知的发布部门“scj”', hint: '请使用：scjg' },
        },
        { where: 'title', message: 'required' },
      ],
      zh: { detail: 'dataset.yaml 不符合要求', hint: '见 GET /v1/releases/r-1' },
    };
    expect(problemLines(problem, 'zh-CN')).toEqual([
      '✗ dataset.yaml 不符合要求',
      '  publisher：未知的发布部门“scj”\n    提示：请使用：scjg',
      '  title：required',
      '  提示：见 GET /v1/releases/r-1',
    ]);
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s), env: { OPENDATA_LANG: 'en' }, cwd: '/' };
    printProblem(io, { status: 422, body: problem });
    expect(err).toEqual([
      '✗ dataset.yaml is not valid (HTTP 422)',
      '  publisher: unknown publisher "scj"\n    hint: use one of: scjg',
      '  title: required',
      '  hint: see `opendata status r-1`',
    ]);
  });
});
