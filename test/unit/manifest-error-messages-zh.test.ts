/**
 * The Chinese of a refused manifest (`zh` of each problem, and of the refusal's detail): a department's
 * data officer reads the same facts as the English (the key, the value, the allowed ones, the closest
 * name) in plain simplified Chinese. The English is checked in manifest-error-messages.test.ts.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReleaseFolder } from '../../functions/adapters/local/dataset-folder.ts';
import { type AppError, isAppError, type ProblemDetail } from '../../functions/core/errors.ts';
import { parseManifestYaml, type Registry } from '../../functions/core/manifest/parse.ts';
import { toProblem } from '../../functions/http/problem.ts';
import { manifestProblems, visitsManifestYaml as manifestYaml } from '../fixtures/manifest.ts';

const FILE = 'datasets/visits/dataset.yaml';
const CJK = /[\u4e00-\u9fff]/;

const REGISTRY: Registry = {
  publishers: [{ id: 'demo-stats', name: { en: 'Statistics' }, email: 'stats@example.org' }],
  licenses: [],
};

const problems = (text: string, folderName = 'visits') =>
  manifestProblems(text, FILE, { registry: REGISTRY, folderName });

/** The Chinese of the one problem at `where`. */
function zhAt(text: string, where: string): { message: string; hint?: string } | undefined {
  return problems(text).find((p) => p.where === `${FILE}: ${where}`)?.zh;
}

/** The AppError `run` throws (or rejects with). */
async function refusalOf(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('nothing was refused');
}

/** The refusal of a manifest text (detail and its Chinese). */
const refusal = (text: string) =>
  refusalOf(() => parseManifestYaml(text, FILE, { registry: REGISTRY, folderName: 'visits' }));

const sensitive = (treatment: string) =>
  manifestYaml({ fields: `fields:\n  - {name: code, type: string}\n  - {name: age, type: ${treatment}}` });

describe('manifest problems in Chinese', () => {
  it('a missing key: required, what it holds, how to add it', () => {
    expect(zhAt(manifestYaml({ description: undefined }), 'description')).toEqual({
      message: '缺少必填项 `description`：数据集包含什么、计量单位和采集方式（Markdown），写成文本或 {zh-CN: …, en: …}',
      hint: '请添加 `description:`，值为文本或 {zh-CN: …, en: …}',
    });
    expect(zhAt(manifestYaml({ contact: 'contact:' }), 'contact')?.message).toMatch(/^必填项 `contact` 的值为空：/);
  });

  it('a wrong type: expected and got, with the value', () => {
    expect(zhAt(manifestYaml({}, 'primaryKey: code'), 'primaryKey')).toEqual({
      message: '应为列表，实际是文本“code”',
      hint: '能唯一标识一行的字段，写成列表，例如 [station, date]',
    });
    const fields = 'fields:\n  - {name: code, type: string, treatment: {kind: mask, keepFirst: 1.5}}';
    expect(zhAt(manifestYaml({ fields }), 'fields[0].treatment.keepFirst')?.message).toBe(
      '应为整数，实际是数字 1.5（不是整数）',
    );
    expect(zhAt(manifestYaml({ title: 'title: 5' }), 'title')?.message).toBe(
      '应为文本或 {zh-CN: …, en: …}，实际是数字 5',
    );
  });

  it('an unknown key with a near-miss name: the key, and the one meant', () => {
    const p = problems(manifestYaml({ description: 'descripton: {en: Clinic visits.}' }));
    expect(p.find((x) => x.where === `${FILE}: descripton`)?.zh).toEqual({
      message: '无法识别的键 `descripton`',
      hint: '是否应为 `description`？',
    });
    expect(p.find((x) => x.where === `${FILE}: description`)?.zh?.hint).toBe(
      '`descripton` 像是 `description` 的拼写错误：请改为 `description`',
    );
    const phone = manifestYaml({ contact: 'contact: {name: Office, email: a@example.org, phone: 123}' });
    expect(zhAt(phone, 'contact.phone')?.hint).toBe('请删除它，或检查拼写；这里允许的键：name、email');
    expect(zhAt(manifestYaml({}, 'primaryKey: [Code]'), 'primaryKey[0]')).toEqual({
      message: '“Code”不是已声明的字段',
      hint: '是否应为 `code`？名称区分大小写',
    });
  });

  it('a key of another treatment kind, and the shapes of a source file', () => {
    const drop = manifestYaml({
      fields: 'fields:\n  - {name: code, type: integer, treatment: {kind: drop, keepFirst: 2}}',
    });
    expect(zhAt(drop, 'fields[0].treatment.keepFirst')).toEqual({
      message: '`keepFirst` 不是 `drop` 的参数（它没有参数）',
      hint: '请删除它，或改用有这个参数的 kind：mask',
    });
    const typo = zhAt(manifestYaml({ source: 'source: {files: [{pth: visits.csv}], format: csv}' }), 'source.files[0]');
    expect(typo?.message).toBe('应为 {path: …} 或 {package: …}，实际是 {pth}');
    expect(typo?.hint).toMatch(/^`pth`：是否应为 `path`？每一项是 \{path: data\.csv\}/);
  });

  it('a value that is not allowed: the value, the allowed ones and the closest', () => {
    expect(zhAt(manifestYaml({ updateFrequency: 'updateFrequency: monthy' }), 'updateFrequency')).toEqual({
      message: '文本“monthy”不在允许的取值中：daily、weekly、monthly、quarterly、semiannual、annual、irregular',
      hint: '是否应为 `monthly`？',
    });
    const kind = manifestYaml({ fields: 'fields:\n  - {name: code, type: string, treatment: {kind: mas}}' });
    expect(zhAt(kind, 'fields[0].treatment.kind')?.message).toMatch(/^文本“mas”不在允许的取值中：drop、redact、mask、/);
    const noKind = manifestYaml({ fields: 'fields:\n  - {name: code, type: string, treatment: {}}' });
    expect(zhAt(noKind, 'fields[0].treatment.kind')?.message).toMatch(
      /^缺少必填项 `kind`：应为 drop、redact、mask、.* 之一$/,
    );
  });

  it('a grade and treatment that do not go together', () => {
    expect(zhAt(sensitive('string, grade: sensitive'), 'fields[1].treatment')).toEqual({
      message:
        '字段“age”的分级是敏感（sensitive），但没有脱敏处理；请添加一种（drop、redact、mask、pseudonymize、generalize-*、round-coordinates、truncate-code、date-shift）',
      hint: '脱敏处理的方式及其参数见 docs/manifest.md',
    });
    const misfit = sensitive('string, grade: sensitive, treatment: {kind: generalize-number, width: 10}');
    expect(zhAt(misfit, 'fields[1].treatment.kind')?.message).toBe(
      '脱敏处理 generalize-number 不适用于类型为 string（文本）的字段“age”：它只适用于 integer、number、year 类型的字段',
    );
    const key = manifestYaml(
      { fields: 'fields:\n  - {name: code, type: string, grade: internal}' },
      'primaryKey: [code]',
    );
    expect(zhAt(key, 'primaryKey[0]')?.message).toBe(
      '主键字段“code”的分级是内部（internal）；主键必须是公开的（可以改为假名化生成一个新的公开主键字段）',
    );
  });

  it('the messages the schema writes itself: a slug, a date, a justification, a source option', () => {
    expect(zhAt(manifestYaml({ id: 'id: Visits_1' }, ''), 'id')?.message).toBe(
      '文本“Visits_1”：只能用小写字母、数字和单个连字符（-），并以字母开头',
    );
    expect(zhAt(manifestYaml({}, "temporal: {start: '2024/01'}"), 'temporal.start')?.message).toBe(
      '文本“2024/01”：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD',
    );
    const short = 'piiExceptions: [{field: code, detector: email, justification: short}]';
    expect(zhAt(manifestYaml({}, short), 'piiExceptions[0].justification')?.message).toBe(
      '请写明真实的理由，至少 20 个字符',
    );
    const json = manifestYaml({ source: 'source: {files: [{path: visits.json}], format: json, headerRow: 3}' });
    expect(zhAt(json, 'source.headerRow')?.message).toBe(
      '`headerRow` 不适用于 json 格式的源文件（只适用于 csv 和 xlsx）；请从 source 中删除',
    );
  });

  it('an unknown publisher and licence, and a folder name that differs from the id', () => {
    const text = manifestYaml({ publisher: 'publisher: demo-stat', license: 'license: CC-BY-4' });
    const p = manifestProblems(text, FILE, { registry: REGISTRY, folderName: 'clinic-visits' });
    const zh = Object.fromEntries(p.map((x) => [x.where.slice(FILE.length + 2), x.zh]));
    expect(zh.id).toEqual({
      message: 'id“visits”与文件夹名“clinic-visits”不同',
      hint: '请修改文件夹名或 id，使两者相同；id 一经发布就不能再改',
    });
    expect(zh.publisher).toEqual({
      message: '发布部门（publisher）“demo-stat”没有登记',
      hint: '是否应为 `demo-stats`？否则，请在 datasets/publishers.yaml 中登记，或改用以下之一：demo-stats',
    });
    expect(zh.license?.message).toBe('许可协议（license）“CC-BY-4”既不是内置的 SPDX 许可协议，也没有登记');
    expect(zh.license?.hint).toMatch(/^是否应为 `CC-BY-4\.0`？否则，请使用 CC-BY-4\.0、CC0-1\.0、/);
  });

  it('YAML syntax errors, and the refusal detail', async () => {
    const dup = await refusal(`${manifestYaml()}id: again\n`);
    expect(dup.zh).toEqual({ detail: `${FILE} 不是有效的 YAML` });
    expect(dup.errors[0]?.zh).toEqual({
      message: '同一个键写了两次：每个键只能出现一次',
      hint: '请修正 YAML 语法（缩进、引号、每个键后面的冒号）',
    });
    expect((await refusal(manifestYaml({ description: undefined }))).zh).toEqual({ detail: `${FILE} 有 1 个问题` });
    expect((await refusal(manifestYaml({ publisher: 'publisher: nobody' }))).zh).toEqual({
      detail: `${FILE} 引用了未知的内容`,
    });
  });

  it('gives every problem of many broken manifests a Chinese message, and a Chinese hint where there is a hint', () => {
    const broken = [
      manifestYaml({ description: undefined, title: 'title: {}' }),
      manifestYaml({ themes: 'themes: []' }, 'kAnonymity: {quasiIdentifiers: [code], k: 1}'),
      manifestYaml({ contact: 'contact: {name: O, email: not-an-email}', id: 'id: "1x"' }),
      manifestYaml({ source: 'source: {files: [{path: a.csv, package: b}], format: csv, encoding: latin1}' }),
      manifestYaml({ source: 'source: {files: [{path: v.xlsx}], format: xlsx, delimiter: ";"}' }),
      manifestYaml({ title: 'title: {zh: 访问}' }, 'label: "2026-Q3"\nbreaking: {note: short}'),
      manifestYaml({
        fields: `fields:
  - {name: __x, type: string}
  - {name: "=a", type: string}
  - {name: code, type: string}
  - {name: code, type: integer, searchValues: true}
  - {name: d, type: date, grade: sensitive, treatment: {kind: date-shift, maxDays: 10, keyField: d}}
  - {name: n, type: number, grade: sensitive, treatment: {kind: generalize-number, width: 0.0000000001}}
  - {name: m, type: string, grade: sensitive, treatment: {kind: drop}}`,
      }),
      manifestYaml(
        {
          fields:
            'fields:\n  - {name: code, type: string, grade: sensitive, treatment: {kind: pseudonymize, length: 8}}',
        },
        'primaryKey: [code]\nkAnonymity: {quasiIdentifiers: [cod], k: 2}',
      ),
      manifestYaml(
        {},
        `piiExceptions:
  - {field: code, detector: email, justification: office addresses of public agencies}
  - {field: code, detector: email, justification: office addresses of public agencies}
  - {field: kode, detector: e-mail, justification: office addresses of public agencies}`,
      ),
      manifestYaml({ fields: 'fields:\n  - {name: code, type: string, grade: internal, searchValues: true}' }),
      manifestYaml(
        {
          fields: `fields:
  - {name: code, type: string, searchValues: true}
  - {name: m, type: string, grade: sensitive, treatment: {kind: drop}}
  - {name: k1, type: string, treatment: {kind: pseudonymize, length: 8}}
  - {name: k2, type: string, treatment: {kind: pseudonymize, caseInsensitive: true}}
  - {name: k3, type: string, treatment: {kind: mask, keepFirst: 1}}
  - {name: k4, type: string, treatment: {kind: drop}}`,
        },
        'primaryKey: [k1, k2, k3, k4]\nkAnonymity: {quasiIdentifiers: [m], k: 2}',
      ),
      manifestYaml({
        fields: `fields:
  - {name: code, type: string, searchValues: true, treatment: {kind: mask}}
  - {name: place, type: string, searchValues: true}
  - {name: s, type: string, grade: sensitive, treatment: {kind: redact}}`,
      }),
      'id: x\n\tbad: 1\n',
      'title: {en: x\n',
    ];
    const all: ProblemDetail[] = broken.flatMap((text) => problems(text));
    expect(all.length).toBeGreaterThan(25);
    for (const p of all) {
      expect(p.zh?.message, p.message).toMatch(CJK);
      // The Chinese of every message a schema writes is known: none falls back to the English.
      expect(p.zh?.message, p.message).not.toMatch(/^此处有误/);
      expect(Boolean(p.zh?.hint), p.message).toBe(Boolean(p.hint));
      if (p.hint) expect(p.zh?.hint, p.hint).toMatch(CJK);
    }
    // The facts travel: the names and values the English quotes are in the Chinese too.
    for (const p of all) {
      for (const [, quoted] of p.message.matchAll(/`([^`]+)`/g)) expect(p.zh?.message, p.message).toContain(quoted);
    }
  });
});

describe('dataset folder problems in Chinese', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folder-zh-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const folderRefusal = (folder: string) => refusalOf(() => readReleaseFolder(folder, REGISTRY));

  it('a missing, outside and irregular source file, and a folder without dataset.yaml', async () => {
    const visits = join(dir, 'visits');
    await mkdir(visits);
    const missing = await folderRefusal(visits);
    expect(missing.zh?.detail).toBe(`${visits} 中没有 dataset.yaml`);
    expect(missing.zh?.hint).toMatch(CJK);

    /** The refusal of the folder whose manifest names `file` as its source. */
    const withSource = async (file: string) => {
      await writeFile(
        join(visits, 'dataset.yaml'),
        manifestYaml({ source: `source: {files: [${file}], format: csv}` }),
      );
      return folderRefusal(visits);
    };
    const noFile = await withSource('{path: visits.csv}');
    expect(noFile.zh).toEqual({ detail: '源文件 visits.csv 不存在' });
    expect(noFile.errors[0]?.zh).toEqual({
      message: `${join(visits, 'visits.csv')} 处没有文件`,
      hint: '路径是相对于清单（dataset.yaml）所在文件夹的',
    });

    const outside = await withSource('{path: ../x.csv}');
    expect(outside.zh?.detail).toBe('源文件 ../x.csv 在数据集文件夹之外');
    expect(outside.errors[0]?.zh?.message).toBe('必须是 dataset.yaml 所在文件夹中的文件');

    await symlink('/etc/passwd', join(visits, 'link.csv'));
    const link = await withSource('{path: link.csv}');
    expect(link.zh?.detail).toBe('源文件 link.csv 不是数据集文件夹中的普通文件');
    expect(link.errors[0]?.zh?.hint).toBe('请把数据文件本身复制到数据集文件夹中');

    const uninstalled = await withSource('{package: no-such-package-zh/data.csv}');
    expect(uninstalled.zh?.detail).toBe('npm 包文件 no-such-package-zh/data.csv 没有安装');
    expect(uninstalled.errors[0]?.zh?.hint).toMatch(/^请运行 `npm install`/);
  });

  it('carries the Chinese in problem+json: `zh` of the problem and of each error', async () => {
    const e = await folderRefusal(join(dir, 'nowhere'));
    const body = JSON.parse(toProblem(e).body as string) as Record<string, unknown>;
    expect(body.zh).toEqual(e.zh);
    const parsed = await refusal(manifestYaml({ description: undefined }));
    const answer = JSON.parse(toProblem(parsed).body as string) as { zh: unknown; errors: ProblemDetail[] };
    expect(answer.zh).toEqual({ detail: `${FILE} 有 1 个问题` });
    expect(answer.errors[0]?.zh?.message).toMatch(/^缺少必填项 `description`/);
  });
});
