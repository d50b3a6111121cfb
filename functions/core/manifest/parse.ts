import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { invalidManifest, type ProblemDetail } from '../errors.ts';
import { closestName } from '../query/closest-name.ts';
import { type DescribeKey, didYouMean, explainIssues, formatPattern } from './explain-issue.ts';
import type { Bilingual } from './localized.ts';
import { describeManifestKey, GENERAL_HINT, manifestHint } from './manifest-hints.ts';
import { type License, LicensesFile, type Publisher, PublishersFile } from './registry.ts';
import { DatasetManifest } from './schema.ts';
import { SPDX_LICENSES } from './spdx-licenses.ts';
import { yamlSyntaxProblem } from './yaml-syntax.ts';

/** What a manifest's references are checked against: the registry and, for a folder, its name. */
export interface ReferenceContext {
  readonly registry: Registry;
  readonly folderName?: string;
}

/**
 * Turns manifest text into a validated DatasetManifest, or throws ONE invalidManifest error listing
 * every problem with the file, the path inside it, what is wrong and a hint. With `refs`, the
 * publisher, licence and folder name are checked too, in the same report as the schema problems
 * whenever those keys could be read, so a publisher fixes everything in one round.
 */
export function parseManifestYaml(text: string, file: string, refs?: ReferenceContext): DatasetManifest {
  const references = (raw: unknown, failed: ReadonlySet<string>): ProblemDetail[] => {
    if (!refs || typeof raw !== 'object' || raw === null) return [];
    const r = raw as Record<string, unknown>;
    const text = (k: string) => (typeof r[k] === 'string' && !failed.has(k) ? (r[k] as string) : undefined);
    return referenceProblems({ id: text('id'), publisher: text('publisher'), license: text('license') }, refs, file);
  };
  const manifest = parseYamlWith(DatasetManifest, text, file, manifestHint, describeManifestKey, references);
  const bytes = new TextEncoder().encode(JSON.stringify(manifest)).length;
  if (bytes > MANIFEST_MAX_BYTES) {
    const [size, limit] = [bytes, MANIFEST_MAX_BYTES].map((n) => n.toLocaleString('en'));
    throw invalidManifest({
      detail: `${file} is too large`,
      zh: { detail: `${file} 过大` },
      errors: [
        {
          where: `${file}: (top level)`,
          message: `the manifest holds ${size} bytes of metadata (UTF-8); the limit is ${limit}`,
          hint: 'shorten the longest descriptions (link to a document instead) or split the dataset: a release is stored as one record with its manifest',
          zh: {
            message: `清单中的元数据有 ${size} 字节（UTF-8），上限是 ${limit} 字节`,
            hint: '请缩短最长的描述（改为链接到一份文档），或拆分数据集：一次发布连同它的清单存储为一条记录',
          },
        },
      ],
    });
  }
  return manifest;
}

/**
 * Metadata a manifest may hold, as JSON in UTF-8. A release is one catalog record (a DynamoDB item, at
 * most 400 KB) holding its manifest and its check report; the largest real manifests are tens of KB.
 */
export const MANIFEST_MAX_BYTES = 256_000;

export function parsePublishersYaml(text: string, file: string): Publisher[] {
  const hint = { en: 'each publisher needs id, name and email', 'zh-CN': '每个发布部门都需要 id、name 和 email' };
  return parseYamlWith(PublishersFile, text, file, () => hint).publishers;
}

export function parseLicensesYaml(text: string, file: string): License[] {
  const hint = {
    en: 'each licence needs id, title, url, open and terms',
    'zh-CN': '每个许可协议都需要 id、title、url、open 和 terms',
  };
  return parseYamlWith(LicensesFile, text, file, () => hint).licenses;
}

function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  hint: (path: string, message: string) => Bilingual,
  describe?: DescribeKey,
  /** Problems found beside the schema's; `failed` holds the top-level keys the schema refused. */
  more: (raw: unknown, failed: ReadonlySet<string>) => ProblemDetail[] = () => [],
): z.output<S> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalidManifest({
      detail: `${file} is not valid YAML`,
      zh: { detail: `${file} 不是有效的 YAML` },
      errors: doc.errors.map((e) => yamlSyntaxProblem(e, file)),
    });
  }
  const raw: unknown = doc.toJS();
  const r = schema.safeParse(raw);
  if (r.success) {
    const errors = more(raw, new Set());
    if (errors.length) throw refersToUnknown(file, errors);
    return r.data;
  }
  const explained = explainIssues(r.error.issues, raw, schema, describe);
  const errors = [
    ...explained.map((e): ProblemDetail => {
      const path = formatPath(e.path);
      // A rule about the path is more useful than what the key holds; that is more useful than nothing.
      const general = hint(path, e.message);
      const what = general === GENERAL_HINT ? describe?.(formatPattern(e.path)) : undefined;
      return {
        where: `${file}: ${path || '(top level)'}`,
        message: e.message,
        hint: e.hint ?? (what ? `${what.en} (docs/manifest.md)` : general.en),
        zh: {
          message: e.zh.message,
          hint: e.zh.hint ?? (what ? `${what['zh-CN']}（见 docs/manifest.md）` : general['zh-CN']),
        },
      };
    }),
    ...more(raw, new Set(explained.map((e) => String(e.path[0] ?? '')))),
  ];
  throw invalidManifest({
    detail: `${file} has ${errors.length} problem(s)`,
    zh: { detail: `${file} 有 ${errors.length} 个问题` },
    errors,
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Registered publishers and licences a manifest is checked against. */
export interface Registry {
  readonly publishers: readonly Publisher[];
  readonly licenses: readonly License[];
}

export function findLicense(registry: Registry, id: string): License | undefined {
  return registry.licenses.find((l) => l.id === id) ?? SPDX_LICENSES.find((l) => l.id === id);
}

/** Checks the manifest's references (publisher, licence, folder name); throws invalidManifest. */
export function checkReferences(m: DatasetManifest, registry: Registry, file: string, folderName?: string): void {
  const errors = referenceProblems(m, { registry, ...(folderName !== undefined ? { folderName } : {}) }, file);
  if (errors.length) throw refersToUnknown(file, errors);
}

const refersToUnknown = (file: string, errors: ProblemDetail[]) =>
  invalidManifest({ detail: `${file} refers to unknown things`, zh: { detail: `${file} 引用了未知的内容` }, errors });

/** Problems with a manifest's references; a reference that is undefined (unreadable) is not checked. */
function referenceProblems(
  m: {
    readonly id?: string | undefined;
    readonly publisher?: string | undefined;
    readonly license?: string | undefined;
  },
  { registry, folderName }: ReferenceContext,
  file: string,
): ProblemDetail[] {
  const errors: ProblemDetail[] = [];
  if (folderName !== undefined && m.id !== undefined && folderName !== m.id) {
    errors.push({
      where: `${file}: id`,
      message: `id "${m.id}" differs from the folder name "${folderName}"`,
      hint: 'rename the folder or the id: they must be equal, and the id never changes once published',
      zh: {
        message: `id“${m.id}”与文件夹名“${folderName}”不同`,
        hint: '请修改文件夹名或 id，使两者相同；id 一经发布就不能再改',
      },
    });
  }
  if (m.publisher !== undefined && !registry.publishers.some((p) => p.id === m.publisher)) {
    const ids = registry.publishers.map((p) => p.id);
    const near = closestName(m.publisher, ids);
    errors.push({
      where: `${file}: publisher`,
      message: `publisher "${m.publisher}" is not registered`,
      hint: `${near ? `${didYouMean(near, m.publisher)} — otherwise ` : ''}register it in datasets/publishers.yaml or use one of: ${ids.join(', ')}`,
      zh: {
        message: `发布部门（publisher）“${m.publisher}”没有登记`,
        hint: `${near ? `${didYouMean(near, m.publisher, 'zh-CN')}否则，` : ''}请在 datasets/publishers.yaml 中登记，或改用以下之一：${ids.join('、')}`,
      },
    });
  }
  if (m.license !== undefined && !findLicense(registry, m.license)) {
    const near = closestName(
      m.license,
      [...SPDX_LICENSES, ...registry.licenses].map((l) => l.id),
    );
    const spdx = SPDX_LICENSES.map((l) => l.id);
    errors.push({
      where: `${file}: license`,
      message: `licence "${m.license}" is neither a built-in SPDX licence nor registered`,
      hint: `${near ? `${didYouMean(near, m.license)} — otherwise ` : ''}use one of ${spdx.join(', ')} or register a custom licence (LicenseRef-…) in datasets/licenses.yaml`,
      zh: {
        message: `许可协议（license）“${m.license}”既不是内置的 SPDX 许可协议，也没有登记`,
        hint: `${near ? `${didYouMean(near, m.license, 'zh-CN')}否则，` : ''}请使用 ${spdx.join('、')} 之一，或在 datasets/licenses.yaml 中登记自定义许可协议（LicenseRef-…）`,
      },
    });
  }
  return errors;
}
