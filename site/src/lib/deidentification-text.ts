import type { DeidentificationEntry, PublishedField } from '../../../functions/core/catalog/schema.ts';
import type { Treatment } from '../../../functions/core/manifest/treatment.ts';
import type { Grade } from '../../../functions/core/manifest/vocabulary.ts';
import {
  describeTreatment,
  describeUndeclared,
} from '../../../functions/core/protection/treatments/describe-treatment.ts';
import { closedBuckets } from '../../../functions/core/protection/treatments/generalize-number.ts';
import { parseTreatment } from './treatment-text.ts';
import type { Language } from './types.ts';

/**
 * The de-identification table of a dataset page in the page's language. A version's record (and its
 * published deidentification-report.json, which stays as it is) holds English sentences written by
 * functions/core/protection/treatments/describe-treatment.ts from a field's grade and treatment; this
 * rebuilds that grade and treatment from the version (the treatment's kind and parameters are on the
 * published field; a field that is not published was dropped, graded internal or not declared) and
 * writes the sentences again, in English exactly as the record has them, in Chinese from the same facts.
 */

/** What was done to one field, and why: the facts both languages' sentences are written from. */
export type DeidCase =
  | { kind: 'undeclared' }
  | {
      kind: 'graded';
      grade: Grade;
      treatment: Treatment | undefined;
      /** For number buckets: whether both bounds are included (the source type decides), when known. */
      closed?: boolean;
    };

const sameText = (a: Pick<DeidentificationEntry, 'action' | 'reason'>, b: DeidentificationEntry) =>
  a.action === b.action && a.reason === b.reason;

/**
 * The facts behind a record, from the version's field (undefined when the field is not published). Null
 * when the published treatment is not one this site knows: the page then shows the record's own text.
 */
export function deidCase(x: DeidentificationEntry, published: PublishedField | undefined): DeidCase | null {
  if (published) {
    const treatment = published.treatment ? parseTreatment(published.treatment) : undefined;
    if (treatment === null) return null;
    if (treatment?.kind !== 'generalize-number') return { kind: 'graded', grade: x.grade, treatment };
    // Whole-number sources get closed buckets ("30-39"); the record's sentence says which it was.
    const source = (['integer', 'number'] as const).find((type) =>
      sameText(describeTreatment({ name: x.field, type, grade: x.grade, treatment }), x),
    );
    return {
      kind: 'graded',
      grade: x.grade,
      treatment,
      ...(source ? { closed: closedBuckets(source, treatment.width) } : {}),
    };
  }
  if (x.grade === 'internal' && sameText(describeUndeclared(x.field), x)) return { kind: 'undeclared' };
  if (x.grade === 'internal' || x.grade === 'core') return { kind: 'graded', grade: x.grade, treatment: undefined };
  // Public or sensitive and not published: dropped (every other treatment keeps the column), unless
  // the record says the release was refused for want of a treatment.
  const untreated = describeTreatment({ name: x.field, type: 'string', grade: x.grade, treatment: undefined });
  if (sameText(untreated, x)) return { kind: 'graded', grade: x.grade, treatment: undefined };
  return { kind: 'graded', grade: x.grade, treatment: { kind: 'drop' } };
}

/** A record's action and reason in `lang`. */
export function deidText(field: string, c: DeidCase, lang: Language): { action: string; reason: string } {
  if (lang === 'en') {
    if (c.kind === 'undeclared') return describeUndeclared(field);
    // The record's own wording; only a number bucket's type matters to it.
    const type = c.closed === false ? 'number' : 'integer';
    const { action, reason } = describeTreatment({ name: field, type, grade: c.grade, treatment: c.treatment });
    if (c.treatment?.kind === 'generalize-number' && c.closed === undefined) {
      return { action: `generalized into buckets of width ${c.treatment.width}, labelled "lo-hi"`, reason };
    }
    return { action, reason };
  }
  if (c.kind === 'undeclared') return { action: '不公开', reason: '清单中未声明：未声明的列无论内容如何都不会发布' };
  switch (c.grade) {
    case 'internal':
      return { action: '不公开', reason: '定级为内部：部门内部使用的一般数据，该列不出现在任何发布文件中' };
    case 'core':
      return {
        action: '拒绝发布',
        reason: '定级为核心：重要数据和核心数据（GB/T 43697）不得公开，只要包含该字段，发布即被拒绝',
      };
    case 'public':
      if (!c.treatment) return { action: '原样发布', reason: '定级为公开：可以公开的一般数据' };
      return { action: zhAction(c.treatment, c.closed), reason: '定级为公开，发布者选择对其粗化处理' };
    case 'sensitive':
      if (!c.treatment) return { action: '拒绝发布', reason: '定级为敏感但未指定处理方式：个人信息不能原样发布' };
      return {
        action: zhAction(c.treatment, c.closed),
        reason: '定级为敏感：个人信息，发布前已去标识化（GB/T 37964），不再能识别到个人',
      };
  }
}

/** What the treatment did, at the length of the record's English (describe-treatment.ts). */
function zhAction(t: Treatment, closed: boolean | undefined): string {
  switch (t.kind) {
    case 'drop':
      return '从所有发布文件中删除该列';
    case 'redact':
      return '保留该列，所有值发布为空（null）';
    case 'mask':
      return `部分遮盖：保留前 ${t.keepFirst} 位和后 ${t.keepLast} 位字符，其余替换为“${t.char}”（至少遮盖一个字符）`;
    case 'pseudonymize':
      return `假名化：用平台密钥计算 HMAC-SHA256，保留前 ${t.length} 位十六进制字符；各版本保持一致，没有密钥无法还原，也无法与其他数据集的假名关联（密钥属于本数据集或其声明的关联组）`;
    case 'generalize-number':
      return `按宽度 ${t.width} 分组，标为“下限-上限”${closed === undefined ? '' : closed ? '，两端都包含' : '，含下限、不含上限'}`;
    case 'generalize-date':
      return t.to === 'month' ? '只保留到月（YYYY-MM）' : '只保留到年（YYYY）';
    case 'round-coordinates':
      return `坐标四舍五入到 ${t.decimals} 位小数`;
    case 'truncate-code':
      return t.pad ? `代码只保留前 ${t.keep} 位，其余替换为 0` : `代码只保留前 ${t.keep} 位`;
    case 'date-shift':
      return `日期按每条记录的秘密偏移量平移 1 至 ${t.maxDays} 天（可前可后），偏移量由“${t.keyField}”决定（同一记录内的时间间隔不变）`;
  }
}

/** One row of the table: the field, its grade, and the action and reason in `lang` (`lang` set on text left as the record has it). */
export interface DeidRow {
  field: string;
  grade: Grade;
  action: string;
  reason: string;
  /** Set when the text is the record's own (a treatment this site does not know): shown as written, language marked. */
  asRecorded: boolean;
  case: DeidCase | null;
}

/** The rows of a version's de-identification table in `lang`. */
export function deidRows(
  version: { deidentification: readonly DeidentificationEntry[]; fields: readonly PublishedField[] },
  lang: Language,
): DeidRow[] {
  return version.deidentification.map((x) => {
    const c = deidCase(
      x,
      version.fields.find((f) => f.name === x.field),
    );
    const text = c ? deidText(x.field, c, lang) : { action: x.action, reason: x.reason };
    return { field: x.field, grade: x.grade, ...text, asRecorded: c === null, case: c };
  });
}
