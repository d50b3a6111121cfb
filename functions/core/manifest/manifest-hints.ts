import type { Bilingual } from './localized.ts';
import { SEARCH_VALUES_HINT } from './search-values.ts';
import { FIELD_TYPES, FREQUENCIES, GRADES, SOURCE_FORMATS } from './vocabulary.ts';

const TEXT = 'a text, or {zh-CN: …, en: …}';
const TEXT_ZH = '写成文本或 {zh-CN: …, en: …}';

/**
 * What the common manifest keys hold, in a publisher's words (shortened from the JSDoc in schema.ts),
 * by path with `[]` for list indexes, in English and Chinese. Shown when a key is missing or has the
 * wrong type.
 */
const KEYS: Record<string, readonly [en: string, zh: string]> = {
  id: [
    'the dataset id, a lower-case slug equal to the folder name (e.g. air-quality-daily)',
    '数据集 id：小写字母、数字和连字符组成的短名称，与文件夹名相同（例如 air-quality-daily）',
  ],
  title: [`the dataset title, ${TEXT}`, `数据集标题，${TEXT_ZH}`],
  description: [
    `what the dataset holds, its units and how it was collected (Markdown), ${TEXT}`,
    `数据集包含什么、计量单位和采集方式（Markdown），${TEXT_ZH}`,
  ],
  publisher: [
    'your department id, as registered in datasets/publishers.yaml',
    '本部门的 id，与 datasets/publishers.yaml 中登记的相同',
  ],
  contact: [
    'who answers questions about the data: {name: <office or role>, email: <office e-mail>}',
    '负责解答数据问题的联系人：{name: <处室或岗位>, email: <办公电子邮箱>}',
  ],
  'contact.name': ['a role or office name, not a person’s private name', '岗位或处室名称，不要写个人姓名'],
  'contact.email': ['the office e-mail address', '办公电子邮箱地址'],
  keywords: ['search keywords, a list such as [air, pm25]', '搜索关键词，写成列表，例如 [air, pm25]'],
  themes: [
    'a list of themes from the controlled vocabulary, e.g. [environment]',
    '受控词表中的主题，写成列表，例如 [environment]',
  ],
  license: [
    'an SPDX licence id (e.g. CC-BY-4.0) or a custom licence registered in datasets/licenses.yaml',
    'SPDX 许可协议 id（例如 CC-BY-4.0），或在 datasets/licenses.yaml 中登记的自定义许可协议',
  ],
  updateFrequency: [
    `how often the data is updated: ${FREQUENCIES.join(', ')}`,
    `数据的更新频率：${FREQUENCIES.join('、')}`,
  ],
  temporal: [
    "the period covered: {start: YYYY-MM-DD, end: YYYY-MM-DD}, or to the month (YYYY-MM) or year (quoted: '2024')",
    "覆盖的时间段：{start: YYYY-MM-DD, end: YYYY-MM-DD}，也可以精确到月（YYYY-MM）或年（加引号：'2024'）",
  ],
  'temporal.start': [
    "the first date covered: YYYY-MM-DD, YYYY-MM or a quoted year ('2024': YAML reads 2024 as a number)",
    "覆盖的第一天：YYYY-MM-DD、YYYY-MM 或加引号的年份（'2024'：不加引号时 YAML 把 2024 读成数字）",
  ],
  'temporal.end': [
    "the last date covered: YYYY-MM-DD, YYYY-MM or a quoted year ('2024': YAML reads 2024 as a number)",
    "覆盖的最后一天：YYYY-MM-DD、YYYY-MM 或加引号的年份（'2024'：不加引号时 YAML 把 2024 读成数字）",
  ],
  spatial: [
    'the area covered: {description: <place names>, regionCode: <GB/T 2260 code>}',
    '覆盖的地区：{description: <地名>, regionCode: <GB/T 2260 行政区划代码>}',
  ],
  'spatial.description': [`the place name(s), ${TEXT}`, `地名，${TEXT_ZH}`],
  source: [
    'where the data comes from: {files: [{path: data.csv}], format: csv}',
    '数据从哪里来：{files: [{path: data.csv}], format: csv}',
  ],
  'source.files': [
    'the data file(s), a list whose entries are {path: data.csv} (a file next to dataset.yaml) or {package: name/path/in/package} (a file in an installed npm package)',
    '数据文件，写成列表，每一项是 {path: data.csv}（与 dataset.yaml 在同一文件夹的文件）或 {package: name/path/in/package}（已安装的 npm 包中的文件）',
  ],
  'source.files[]': [
    'an entry is {path: data.csv} (a file next to dataset.yaml) or {package: name/path/in/package} (a file in an installed npm package)',
    '每一项是 {path: data.csv}（与 dataset.yaml 在同一文件夹的文件）或 {package: name/path/in/package}（已安装的 npm 包中的文件）',
  ],
  'source.format': [`the file format: ${SOURCE_FORMATS.join(', ')}`, `文件格式：${SOURCE_FORMATS.join('、')}`],
  'source.origin.publisher': ['who published the original data', '原始数据的发布者'],
  primaryKey: [
    'the fields that identify a row, a list such as [station, date]',
    '能唯一标识一行的字段，写成列表，例如 [station, date]',
  ],
  fields: [
    'one entry per source column, a list of {name: <column>, type: <type>}',
    '源数据的每一列一项，写成列表，每一项是 {name: <列名>, type: <类型>}',
  ],
  'fields[]': ['a column: {name: <column in the header>, type: <type>}', '一列：{name: <表头中的列名>, type: <类型>}'],
  'fields[].name': ['the column name exactly as in the file header', '列名，与文件表头中的写法完全相同'],
  'fields[].type': [`the value type: ${FIELD_TYPES.join(', ')}`, `值的类型：${FIELD_TYPES.join('、')}`],
  'fields[].title': [`the column title, ${TEXT}`, `列标题，${TEXT_ZH}`],
  'fields[].description': [
    `what the column means, its unit and how it was collected, ${TEXT}`,
    `这一列的含义、计量单位和采集方式，${TEXT_ZH}`,
  ],
  'fields[].grade': [`the data grade: ${GRADES.join(', ')}`, `数据分级：${GRADES.join('、')}`],
  'fields[].constraints': [
    'row checks: {required, unique, enum, minimum, maximum, pattern, maxLength}',
    '逐行检查的约束：{required, unique, enum, minimum, maximum, pattern, maxLength}',
  ],
  'fields[].searchValues': [
    'true to make every value of this public, untreated text column searchable (reference data such as place names), rare ones included',
    '设为 true 时，这一公开、未做脱敏处理的文本列的每个值（包括少见的值）都能被搜到（用于地名等参考数据）',
  ],
  'fields[].treatment': [
    'the de-identification applied before publication, a mapping with a kind, e.g. {kind: drop} or {kind: mask, keepFirst: 3, keepLast: 4}',
    '发布前的脱敏处理，一个带 kind 的映射，例如 {kind: drop} 或 {kind: mask, keepFirst: 3, keepLast: 4}',
  ],
  'fields[].treatment.kind': [
    'the treatment: drop, redact, mask, pseudonymize, generalize-number, generalize-date, round-coordinates, truncate-code or date-shift',
    '脱敏处理方式：drop、redact、mask、pseudonymize、generalize-number、generalize-date、round-coordinates、truncate-code 或 date-shift',
  ],
  'fields[].treatment.width': [
    'the bucket width, e.g. 10 for ages in decades',
    '区间宽度，例如年龄按 10 岁分段时为 10',
  ],
  'fields[].treatment.to': ['the granularity kept: month or year', '保留的精度：month 或 year'],
  'fields[].treatment.decimals': ['the decimals kept (2 ≈ 1 km)', '保留的小数位数（2 位约为 1 公里）'],
  'fields[].treatment.keep': [
    'the characters of the code kept (2 = province, 4 = city, 6 = county)',
    '保留代码的前几位（2 = 省，4 = 市，6 = 县）',
  ],
  'fields[].treatment.maxDays': ['the largest shift in days, either way', '最大偏移天数（向前或向后）'],
  'fields[].treatment.keyField': [
    'the declared field whose value keys the shift (e.g. a pseudonymized person id)',
    '由其值决定偏移量的已声明字段（例如假名化后的个人 id）',
  ],
  kAnonymity: [
    'the k-anonymity check: {quasiIdentifiers: [<published fields>], k: 5}',
    'k-匿名检查：{quasiIdentifiers: [<发布的字段>], k: 5}',
  ],
  'kAnonymity.quasiIdentifiers': [
    'the published columns that together could re-identify a person, e.g. [age_band, sex]',
    '组合起来可能重新识别出个人的发布列（准标识符），例如 [age_band, sex]',
  ],
  piiExceptions: [
    'accepted residual-PII hits, a list of {field, detector, justification}',
    '接受的残留个人信息命中（例外），写成列表，每一项是 {field, detector, justification}',
  ],
  'piiExceptions[].field': ['the column of the accepted hits', '接受的命中所在的列'],
  'piiExceptions[].detector': ['the detector id, e.g. email or mobile-cn', '检测器 id，例如 email 或 mobile-cn'],
  'piiExceptions[].justification': [
    'why publishing these matches is justified (20 characters or more)',
    '为什么可以发布这些命中的值（至少 20 个字符）',
  ],
  'breaking.note': [
    'why this release removes or retypes a published field (10 characters or more)',
    '本次发布为什么删除已发布的字段或改变其类型（至少 10 个字符）',
  ],
};

/** What the manifest key at `pattern` (`fields[].type`) holds, if it is a common one. */
export function describeManifestKey(pattern: string): Bilingual | undefined {
  const text = KEYS[pattern];
  return text && { en: text[0], 'zh-CN': text[1] };
}

/** The hint when nothing more specific is known. */
export const GENERAL_HINT: Bilingual = {
  en: 'see docs/manifest.md for the manifest format',
  'zh-CN': '清单的格式见 docs/manifest.md',
};

const both = (en: string, zh: string): Bilingual => ({ en, 'zh-CN': zh });

/** The general hint for a manifest problem at `path` (its English `message`) when the problem itself brings none. */
export function manifestHint(path: string, message: string): Bilingual {
  if (path.startsWith('fields') && path.endsWith('.type'))
    return both(`use one of: ${FIELD_TYPES.join(', ')}`, `请使用以下类型之一：${FIELD_TYPES.join('、')}`);
  if (path.endsWith('grade'))
    return both(
      'use public, internal, sensitive or core (see docs/manifest.md, GB/T 43697 mapping)',
      '请使用 public、internal、sensitive 或 core（与 GB/T 43697 的对应关系见 docs/manifest.md）',
    );
  if (path.startsWith('themes'))
    return both(
      'use themes from the controlled vocabulary in functions/core/manifest/vocabulary.ts',
      '请使用 functions/core/manifest/vocabulary.ts 受控词表中的主题',
    );
  if (path === 'updateFrequency')
    return both(
      `use ${FREQUENCIES.slice(0, -1).join(', ')} or irregular`,
      `请使用 ${FREQUENCIES.slice(0, -1).join('、')} 或 irregular`,
    );
  if (path === 'id')
    return both(
      'a lower-case slug such as "air-quality-daily"; it must equal the folder name',
      'id 是小写的短名称，例如“air-quality-daily”；必须与文件夹名相同',
    );
  if (message.endsWith('" is not a declared field'))
    return both(
      'use the name of a field declared under fields (check the spelling)',
      '请使用 fields 中已声明字段的名称（检查拼写）',
    );
  if (path.endsWith('treatment.kind') && message.includes('does not fit'))
    return both(
      'choose a treatment that fits the type, or correct the field type (docs/manifest.md lists the types each treatment applies to)',
      '请选择适合该类型的脱敏处理，或更正字段类型（docs/manifest.md 列出了每种脱敏处理适用的类型）',
    );
  if (path.endsWith('treatment.keyField'))
    return both(
      'name another declared field that identifies the person or record, e.g. a pseudonymized person id',
      '请指定另一个能标识个人或记录的已声明字段，例如假名化后的个人 id',
    );
  if (path.includes('treatment'))
    return both(
      'see docs/manifest.md for the treatment kinds and their parameters',
      '脱敏处理的方式及其参数见 docs/manifest.md',
    );
  if (path.startsWith('primaryKey'))
    return both(
      'a primary key must be published with distinct values: publish the field as is or pseudonymized (length 16 or more), or name another key (or no primaryKey)',
      '主键发布后的值必须互不相同：请原样发布该字段或将其假名化（length 16 或以上），或改用另一个主键（或不设 primaryKey）',
    );
  if (path.startsWith('piiExceptions') && /" is declared \d+ times$/.test(message))
    return both(
      'keep one entry per field and detector: delete the copies (one justification covers every value of that detector in the column)',
      '每个字段和检测器只保留一条：删除重复的条目（一条理由就涵盖这一列中该检测器命中的所有值）',
    );
  if (path.startsWith('fields') && path.endsWith('.searchValues')) return SEARCH_VALUES_HINT;
  if (path.startsWith('kAnonymity.quasiIdentifiers'))
    return both(
      'list published fields only (e.g. the generalized column rather than a dropped or internal one), or remove this entry',
      '只列出发布的字段（例如泛化后的列，而不是被删除或内部的列），或删除这一项',
    );
  return GENERAL_HINT;
}
