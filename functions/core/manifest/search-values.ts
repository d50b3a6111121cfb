import { zhField, zhGrade } from '../validation/zh.ts';
import { sensitiveFieldNames } from './about-people.ts';
import type { Bilingual } from './localized.ts';
import type { FieldSpec } from './schema.ts';

/**
 * `searchValues`: a department declares that every value of a text column may find the dataset in
 * catalogue search (the value profile lists them all: catalog/value-profile.ts), rare ones included.
 * It is for reference data (place names, division codes, station names): the value profile's rule that
 * a value needs five rows (PROFILE_MIN_ROWS) is there because, in data about people, a value one row
 * holds points at one person. So the declaration is refused wherever that can be the case:
 *
 * - on a field that is not text, not graded public, or has a treatment: only values published exactly
 *   as the source holds them are profiled (value-profile.ts's `profilable`, which the processor applies
 *   again);
 * - on a field named by a `piiExceptions` entry: personal data published under an exception is not
 *   advertised;
 * - in a dataset that declares `kAnonymity` or has a field graded `sensitive` (dropped ones included):
 *   its rows are about people, and any of its columns can single one out.
 *
 * One rule for the manifest (schema.ts reports it at the field) and the processor (which profiles only
 * the columns it allows), so that a record written by hand or an older manifest cannot bypass it.
 */
export function searchValuesRefusal(
  field: Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>,
  manifest: {
    readonly fields: readonly Pick<FieldSpec, 'name' | 'grade'>[];
    readonly kAnonymity?: unknown;
    readonly piiExceptions?: readonly { readonly field: string }[];
  },
): Bilingual | undefined {
  const name = `field "${field.name}"`;
  const zhName = zhField(field.name);
  if (field.type !== 'string') {
    return {
      en: `${name} is of type ${field.type}: searchValues applies to text (string) fields only`,
      'zh-CN': `${zhName}的类型是 ${field.type}：searchValues 只适用于文本（string）字段`,
    };
  }
  if (field.grade !== 'public') {
    return {
      en: `${name} is graded ${field.grade}: searchValues applies to public fields only`,
      'zh-CN': `${zhName}的分级是${zhGrade(field.grade)}（${field.grade}）：searchValues 只适用于公开字段`,
    };
  }
  if (field.treatment) {
    return {
      en: `${name} has treatment ${field.treatment.kind}: searchValues applies to untreated fields only, whose published values are the source's`,
      'zh-CN': `${zhName}有脱敏处理 ${field.treatment.kind}：searchValues 只适用于未做脱敏处理、发布的值与源数据相同的字段`,
    };
  }
  if (manifest.piiExceptions?.some((e) => e.field === field.name)) {
    return {
      en: `${name} is named by a piiExceptions entry: personal data published under an exception is never made searchable`,
      'zh-CN': `${zhName}出现在 piiExceptions 的条目中：按例外发布的个人信息绝不会设为可搜索`,
    };
  }
  const aboutPeople = {
    en: 'so its rows are about people: a value that one row holds could point at one person, and searchValues would make it findable',
    'zh-CN': '说明数据行是关于个人的：只有一行才有的值可能指向某一个人，而 searchValues 会让它能被搜到',
  };
  if (manifest.kAnonymity !== undefined) {
    return {
      en: `this dataset declares kAnonymity, ${aboutPeople.en}`,
      'zh-CN': `本数据集声明了 kAnonymity，${aboutPeople['zh-CN']}`,
    };
  }
  const sensitive = sensitiveFieldNames(manifest);
  if (sensitive.length) {
    return {
      en: `this dataset has sensitive field(s) ${sensitive.map((n) => `"${n}"`).join(', ')}, ${aboutPeople.en}`,
      'zh-CN': `本数据集有敏感字段${sensitive.map((n) => `“${n}”`).join('、')}，${aboutPeople['zh-CN']}`,
    };
  }
  return undefined;
}

/** The hint of a refused `searchValues` (manifest-hints.ts). */
export const SEARCH_VALUES_HINT: Bilingual = {
  en: 'remove searchValues from this field: declare it only on public, untreated text columns of reference data (place names, codes), never in data about people; their common values (held by 5 rows or more) are searchable anyway',
  'zh-CN':
    '请删除这个字段的 searchValues：只在参考数据（地名、代码）的公开、未做脱敏处理的文本列上声明，绝不用于关于个人的数据；这些列中常见的值（5 行或以上都有的值）本来就能被搜到',
};
