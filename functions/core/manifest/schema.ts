import { z } from 'zod';
import { DETECTORS } from '../protection/detectors/index.ts';
import { SAME_ROW_VALUE } from '../protection/same-row-values.ts';
import { closestName } from '../query/closest-name.ts';
import { zhField, zhGrade, zhType } from '../validation/zh.ts';
import { type Bilingual, LocalizedText } from './localized.ts';
import { bilingual, zhParams } from './schema-zh.ts';
import { searchValuesRefusal } from './search-values.ts';
import { keepsValuesDistinct, PRIMARY_KEY_PSEUDONYM_LENGTH, Treatment, treatmentFieldTypes } from './treatment.ts';
import { FIELD_TYPES, FREQUENCIES, GRADES, SOURCE_FORMATS, type SourceFormat, THEME_IDS } from './vocabulary.ts';

/** The rule of a slug (a dataset id, a linkage group). */
const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SLUG_RULE = bilingual(
  'use lower-case letters, digits and single hyphens, starting with a letter',
  '只能用小写字母、数字和单个连字符（-），并以字母开头',
);

/** A dataset id: a lower-case slug, immutable once published; it is the API path and table name. */
export const DatasetId = z.string().regex(SLUG, SLUG_RULE).max(64);

/** Constraints checked on every row (Frictionless Table Schema names). */
export const FieldConstraints = z.strictObject({
  /** A value must be present (not empty). */
  required: z.boolean().optional(),
  /** No two rows share a value. */
  unique: z.boolean().optional(),
  /** Allowed values (compared as text). */
  enum: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional(),
  /** Smallest allowed value (numbers, dates as ISO text, years). */
  minimum: z.union([z.number(), z.string()]).optional(),
  /** Largest allowed value. */
  maximum: z.union([z.number(), z.string()]).optional(),
  /** A regular expression the whole text value must match. */
  pattern: z.string().min(1).optional(),
  /** Longest allowed text, in characters. */
  maxLength: z.number().int().positive().optional(),
});
export type FieldConstraints = z.output<typeof FieldConstraints>;

/** The treatments a sensitive field may take, as the refusal of one without a treatment lists them. */
const TREATMENT_LIST = [
  'drop',
  'redact',
  'mask',
  'pseudonymize',
  'generalize-*',
  'round-coordinates',
  'truncate-code',
  'date-shift',
];

/** One column of the dataset, as published (or deliberately not published). */
/** Column names DuckDB or the query engine use themselves (DuckDB names ignore case). */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['file_row_number', 'rowid']);

export const FieldSpec = z
  .strictObject({
    /** Column name in the source and in the published artifacts (not `file_row_number`, not `__…`: the query engine's own). */
    name: z
      .string()
      .min(1)
      .max(128)
      .refine((n) => !n.startsWith('__') && !RESERVED_NAMES.has(n.toLowerCase()), {
        message: bilingual(
          'names starting with "__" and the names "file_row_number" and "rowid" (in any case) are reserved for the pipeline and query engine; rename the column in the export and here',
          '以“__”开头的名称和“file_row_number”“rowid”（不分大小写）留给处理流程和查询引擎使用；请在导出文件和这里把这一列改名',
        ),
      })
      // Line breaks, escapes and other control characters would reach the CSV header and terminals.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters refused
      .refine((n) => !/[\u0000-\u001f\u007f-\u009f]/.test(n), {
        message: bilingual(
          'a name may not contain control characters (line breaks, tabs, escapes)',
          '名称中不能有控制字符（换行符、制表符、转义符）',
        ),
      })
      // The published CSV's header row is opened in spreadsheets too: a name there is never a formula.
      .refine((n) => !/^[=+@]/.test(n), {
        message: bilingual(
          'a name may not start with =, + or @ (a spreadsheet would run it as a formula in the CSV header)',
          '名称不能以 =、+ 或 @ 开头（电子表格会把 CSV 表头中的这种名称当作公式执行）',
        ),
      }),
    /** Human title. */
    title: LocalizedText.optional(),
    /** What the column means, its unit and how it was collected. */
    description: LocalizedText.optional(),
    /** Value type; the source text is cast to it and rows that do not cast are reported. */
    type: z.enum(FIELD_TYPES),
    /** Date/datetime format in the source when not ISO 8601 (strptime syntax, e.g. `%Y/%m/%d`). */
    format: z.string().optional(),
    /** Row constraints. */
    constraints: FieldConstraints.optional(),
    /** Data grade (see vocabulary.ts: GB/T 43697 mapping). */
    grade: z.enum(GRADES).default('public'),
    /** De-identification applied before publication; required for `sensitive` fields. */
    treatment: Treatment.optional(),
    /**
     * Catalogue search finds the dataset by EVERY value of this column, rare ones included, not only by
     * the values five rows or more hold (docs/search.md): for reference data such as place names or
     * division codes (`海淀区` is one row of a county list). Its values are listed, most frequent first,
     * up to 64 KB for all such columns of a dataset. Only on public, untreated text fields, never in a
     * dataset about people (one that declares kAnonymity or has a sensitive field): search-values.ts.
     */
    searchValues: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.grade === 'sensitive' && !f.treatment) {
      ctx.addIssue({
        code: 'custom',
        path: ['treatment'],
        message: `field "${f.name}" is graded sensitive but has no treatment; add one (${TREATMENT_LIST.join(', ')})`,
        ...zhParams(
          `${zhField(f.name)}的分级是敏感（sensitive），但没有脱敏处理；请添加一种（${TREATMENT_LIST.join('、')}）`,
        ),
      });
    }
    const fits = f.treatment ? treatmentFieldTypes(f.treatment) : FIELD_TYPES;
    if (f.treatment && !fits.includes(f.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['treatment', 'kind'],
        message: `treatment ${f.treatment.kind} does not fit field "${f.name}" of type ${f.type}: it applies to ${fits.join(', ')} fields`,
        ...zhParams(
          `脱敏处理 ${f.treatment.kind} 不适用于类型为 ${f.type}（${zhType(f.type)}）的${zhField(f.name)}：它只适用于 ${fits.join('、')} 类型的字段`,
        ),
      });
    }
  });
export type FieldSpec = z.output<typeof FieldSpec>;

/** One source file of a release. */
export const SourceFile = z.union([
  z.strictObject({
    /** Path relative to the dataset folder (small files committed with the manifest). */
    path: z.string().min(1),
  }),
  z.strictObject({
    /** A file shipped in an npm package, `package-name/path/in/package` (for data too large to commit). */
    package: z.string().min(1),
  }),
]);
export type SourceFile = z.output<typeof SourceFile>;

/** The source options each format's reader honours (the others would be ignored, so they are refused). */
const FORMAT_OPTIONS: readonly [
  'encoding' | 'delimiter' | 'missingValues' | 'sheet' | 'headerRow',
  readonly SourceFormat[],
][] = [
  ['encoding', ['csv', 'json', 'ndjson']],
  ['delimiter', ['csv']],
  ['missingValues', ['csv', 'xlsx']],
  ['sheet', ['xlsx']],
  ['headerRow', ['csv', 'xlsx']],
];

/** Where the data comes from and how to read it. */
export const SourceSpec = z
  .strictObject({
    /** The data file(s); several files are concatenated and must share columns. */
    files: z.array(SourceFile).min(1),
    /** File format. */
    format: z.enum(SOURCE_FORMATS),
    /** Text encoding; `auto` detects UTF-8 (with or without BOM) versus GB18030/GBK. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030', 'gbk']).default('auto'),
    /** CSV delimiter; detected when omitted. */
    delimiter: z.string().length(1).optional(),
    /**
     * Cell texts that mean "no value" in this export (Frictionless `missingValues`), e.g. `["", "NA", "-"]`.
     * They become empty cells before validation: a required field with one is reported. Empty text is
     * always missing. Applies to CSV and XLSX sources.
     */
    missingValues: z.array(z.string().max(32)).max(16).optional(),
    /** XLSX sheet name; the first sheet when omitted. */
    sheet: z.string().optional(),
    /**
     * CSV and XLSX: the 1-based row (CSV: line) holding the column names, when title, blank or unit rows
     * come first (a merged "2024年各区县人口统计表" row, then "单位：人"): the rows above it are skipped.
     * Data rows follow it; report row n is then file row n + headerRow. Default 1.
     */
    headerRow: z.number().int().min(1).max(1000).optional(),
    /** Citation of the original publisher of the data. */
    origin: z
      .strictObject({
        /** Who published the original data. */
        publisher: z.string().min(1),
        /** Where it was obtained. */
        url: z.string().url().optional(),
        /** Licence and citation note of the original. */
        note: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    // An option the format's reader never looks at would be accepted and silently ignored: a department
    // that set `headerRow: 3` on a JSON export would believe its title rows were skipped.
    for (const [option, formats] of FORMAT_OPTIONS) {
      const set = option === 'encoding' ? s.encoding !== 'auto' : s[option] !== undefined;
      if (set && !formats.includes(s.format)) {
        ctx.addIssue({
          code: 'custom',
          path: [option],
          message: `\`${option}\` does not apply to ${s.format} sources (only to ${formats.join(' and ')}); remove it from source`,
          ...zhParams(
            `\`${option}\` 不适用于 ${s.format} 格式的源文件（只适用于 ${formats.join(' 和 ')}）；请从 source 中删除`,
          ),
        });
      }
    }
  });
export type SourceSpec = z.output<typeof SourceSpec>;

// `same-row-value`: a withheld column's value in a published cell of its row (same-row-values.ts).
const DETECTOR_IDS = [...DETECTORS.map((d) => d.id), SAME_ROW_VALUE.id];
/** Detectors that only report by default (organisation codes): a dataset may make them refuse. */
const REPORTING_DETECTOR_IDS = DETECTORS.filter((d) => !d.blocking).map((d) => d.id) as [string, ...string[]];

/** A column and detector for which a residual-PII hit is accepted, with the reason written down. */
export const PiiException = z.strictObject({
  /** Column name. */
  field: z.string().min(1),
  /** Detector id (e.g. `email`, `mobile-cn`, `same-row-value`). */
  detector: z.string().min(1),
  /** Why publishing these matches is justified (e.g. "official switchboard numbers of public agencies"). */
  justification: z
    .string()
    .min(20, bilingual('write a real justification of at least 20 characters', '请写明真实的理由，至少 20 个字符')),
});

/** k-anonymity requirement over quasi-identifiers, checked after treatment. */
export const KAnonymitySpec = z.strictObject({
  /** Columns that together could re-identify a person (e.g. age band, sex, district). */
  quasiIdentifiers: z.array(z.string().min(1)).min(1),
  /** Smallest allowed equivalence class. */
  k: z.number().int().min(2).default(5),
  /** Suppress rows in classes smaller than k (and report how many) instead of refusing the release. */
  suppress: z.boolean().default(false),
});

const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const ISO_DATE_RULE = bilingual('use YYYY, YYYY-MM or YYYY-MM-DD', '请写成 YYYY、YYYY-MM 或 YYYY-MM-DD');

/** A period of time as ISO dates. */
export const TemporalCoverage = z.strictObject({
  /** First date covered (ISO 8601). */
  start: z.string().regex(ISO_DATE, ISO_DATE_RULE),
  /** Last date covered; omit for ongoing series. */
  end: z.string().regex(ISO_DATE, ISO_DATE_RULE).optional(),
});

/** Area covered. */
export const SpatialCoverage = z.strictObject({
  /** Place name(s). */
  description: LocalizedText,
  /** GB/T 2260 administrative division code, when the area is one division. */
  regionCode: z.string().optional(),
  /** Bounding box [west, south, east, north] in WGS 84. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});

/** The dataset manifest, `datasets/<id>/dataset.yaml`: described once by the department. */
export const DatasetManifest = z
  .strictObject({
    /** Slug id, immutable once published. */
    id: DatasetId,
    /** Title in zh-CN and/or en. */
    title: LocalizedText,
    /** Description (Markdown) in zh-CN and/or en. */
    description: LocalizedText,
    /** Publishing department id, registered in `datasets/publishers.yaml`. */
    publisher: z.string().min(1),
    /** Who answers questions about the data. */
    contact: z.strictObject({
      /** A role or office name, not a person's private name. */
      name: z.string().min(1),
      /** Office e-mail. */
      email: z.string().email(),
    }),
    /** Search keywords. */
    keywords: z.array(z.string().min(1)).default([]),
    /** Themes from the controlled vocabulary. */
    themes: z.array(z.enum(THEME_IDS)).min(1),
    /** Licence: an SPDX id or a custom licence id registered in `datasets/licenses.yaml`. */
    license: z.string().min(1),
    /** Declared update frequency. */
    updateFrequency: z.enum(FREQUENCIES),
    /** Time covered. */
    temporal: TemporalCoverage.optional(),
    /** Area covered. */
    spatial: SpatialCoverage.optional(),
    /** Source files and how to read them. */
    source: SourceSpec,
    /** Columns that identify a row. */
    primaryKey: z.array(z.string().min(1)).default([]),
    /** Every source column must be declared here; undeclared columns are never published. */
    fields: z.array(FieldSpec).min(1),
    /** Optional k-anonymity check. */
    kAnonymity: KAnonymitySpec.optional(),
    /** Accepted residual-PII hits. */
    piiExceptions: z.array(PiiException).default([]),
    /**
     * Detectors that only report by default and refuse this dataset's releases like the others: `uscc`
     * when the organisations are sole proprietorships (个体工商户, codes starting `92`), whose code points
     * to the person running the business. A column holding them on purpose takes a `piiExceptions` entry.
     */
    blockingDetectors: z.array(z.enum(REPORTING_DETECTOR_IDS)).default([]),
    /**
     * Pseudonyms and date shifts are keyed per dataset by default: the same person has unrelated
     * pseudonyms (and shifts) in two datasets, so they cannot be joined to undo either dataset's
     * de-identification. Datasets of one publisher that name the same linkage group (a slug) share
     * their keys, so their pseudonyms join: declare it only when the datasets were assessed together.
     */
    pseudonymLinkage: z.string().regex(SLUG, SLUG_RULE).max(64).optional(),
    /** Publisher's label for the release, e.g. "2026-Q3". */
    label: z.string().max(64).optional(),
    /** Set when this release intentionally removes or retypes a published field. */
    breaking: z.strictObject({ note: z.string().min(10) }).optional(),
  })
  .superRefine((m, ctx) => {
    // Each refusal in English and Chinese, and the name it was probably meant to be when there is one.
    const refuse = (path: (string | number)[], text: Bilingual, didYouMean?: string) =>
      ctx.addIssue({
        code: 'custom',
        path,
        message: text.en,
        ...zhParams(text['zh-CN'], didYouMean ? { didYouMean } : {}),
      });
    const names = new Set<string>();
    m.fields.forEach((f, i) => {
      if (names.has(f.name)) {
        refuse(['fields', i, 'name'], {
          en: `field "${f.name}" is declared twice`,
          'zh-CN': `${zhField(f.name)}声明了两次`,
        });
      }
      names.add(f.name);
    });
    // The declared name closest to a misspelt one (`Code` for `code`), passed to the report's hint.
    const near = (c: string) => closestName(c, [...names]);
    const undeclared = (c: string): Bilingual => ({
      en: `"${c}" is not a declared field`,
      'zh-CN': `“${c}”不是已声明的字段`,
    });
    const check = (cols: readonly string[], path: (string | number)[]) => {
      cols.forEach((c, i) => {
        if (!names.has(c)) refuse([...path, i], undeclared(c), near(c));
      });
    };
    check(m.primaryKey, ['primaryKey']);
    check(m.kAnonymity?.quasiIdentifiers ?? [], ['kAnonymity', 'quasiIdentifiers']);
    m.primaryKey.forEach((c, i) => {
      const f = m.fields.find((x) => x.name === c);
      const refused = f && primaryKeyRefusal(f);
      if (refused) refuse(['primaryKey', i], refused);
    });
    m.fields.forEach((f, i) => {
      const refused = f.searchValues ? searchValuesRefusal(f, m) : undefined;
      if (refused) refuse(['fields', i, 'searchValues'], refused);
    });
    m.kAnonymity?.quasiIdentifiers.forEach((c, i) => {
      const f = m.fields.find((x) => x.name === c);
      if (f && !isPublished(f)) {
        const dropped = f.treatment?.kind === 'drop';
        refuse(['kAnonymity', 'quasiIdentifiers', i], {
          en: `quasi-identifier "${c}" is not published (${dropped ? 'treatment drop' : `graded ${f.grade}`}); k-anonymity is checked on the published columns only`,
          'zh-CN': `准标识符“${c}”不发布（${dropped ? '脱敏处理为 drop' : `分级是${zhGrade(f.grade)}（${f.grade}）`}）；k-匿名只在发布的列上检查`,
        });
      }
    });
    m.fields.forEach((f, i) => {
      const t = f.treatment;
      if (t?.kind !== 'date-shift') return;
      const path = ['fields', i, 'treatment', 'keyField'];
      if (t.keyField === f.name) {
        refuse(path, {
          en: `date-shift of "${f.name}" cannot be keyed by the field itself`,
          'zh-CN': `${zhField(f.name)}的 date-shift（日期偏移）不能以这个字段自身为 keyField`,
        });
      } else if (!names.has(t.keyField)) {
        refuse(
          path,
          {
            en: `date-shift of "${f.name}" is keyed by "${t.keyField}", which is not a declared field`,
            'zh-CN': `${zhField(f.name)}的 date-shift（日期偏移）以“${t.keyField}”为 keyField，但“${t.keyField}”不是已声明的字段`,
          },
          near(t.keyField),
        );
      }
    });
    // One entry per (field, detector): a repeated one excepts nothing more, and each copy would be
    // reported again (as unused, in every release): 1,000 copies made a release too large to store.
    const declared = new Map<string, number>();
    for (const e of m.piiExceptions) {
      const key = JSON.stringify([e.field, e.detector]);
      declared.set(key, (declared.get(key) ?? 0) + 1);
    }
    const seen = new Set<string>();
    const reported = new Set<string>();
    m.piiExceptions.forEach((e, i) => {
      const key = JSON.stringify([e.field, e.detector]);
      // Reported once per pair, at its first copy.
      if (seen.has(key) && !reported.has(key)) {
        reported.add(key);
        refuse(['piiExceptions', i], {
          en: `the exception for field "${e.field}" and detector "${e.detector}" is declared ${declared.get(key)} times`,
          'zh-CN': `${zhField(e.field)}和检测器“${e.detector}”的例外声明了 ${declared.get(key)} 次`,
        });
      }
      seen.add(key);
    });
    m.piiExceptions.forEach((e, i) => {
      if (!names.has(e.field)) refuse(['piiExceptions', i, 'field'], undeclared(e.field), near(e.field));
      // An unknown id would except nothing, silently: the hits it was meant for would still refuse.
      if (!DETECTOR_IDS.includes(e.detector)) {
        refuse(
          ['piiExceptions', i, 'detector'],
          {
            en: `"${e.detector}" is not a detector (they are: ${DETECTOR_IDS.join(', ')})`,
            'zh-CN': `“${e.detector}”不是检测器 id（可用的有：${DETECTOR_IDS.join('、')}）`,
          },
          closestName(e.detector, DETECTOR_IDS),
        );
      }
    });
  });
export type DatasetManifest = z.output<typeof DatasetManifest>;
export type DatasetManifestInput = z.input<typeof DatasetManifest>;

/** Fields that reach published artifacts: public ones, and sensitive ones whose treatment keeps the column. */
export function publishedFields(m: DatasetManifest): FieldSpec[] {
  return m.fields.filter(isPublished);
}

/** Why a field cannot be (part of) the primary key: not public, or a treatment that can merge values. */
function primaryKeyRefusal(f: FieldSpec): Bilingual | undefined {
  const en = `primary key field "${f.name}"`;
  const zh = `主键字段“${f.name}”`;
  const t = f.treatment;
  if (f.grade !== 'public') {
    return {
      en: `${en} is graded ${f.grade}; a primary key must be public (pseudonymize into a new public key field instead)`,
      'zh-CN': `${zh}的分级是${zhGrade(f.grade)}（${f.grade}）；主键必须是公开的（可以改为假名化生成一个新的公开主键字段）`,
    };
  }
  if (!t || keepsValuesDistinct(t)) return undefined;
  if (t.kind === 'drop') {
    return {
      en: `${en} is dropped (treatment drop), so the published data would have no such column`,
      'zh-CN': `${zh}被删除（脱敏处理为 drop），发布的数据中将没有这一列`,
    };
  }
  if (t.kind === 'pseudonymize' && t.caseInsensitive === true) {
    return {
      en: `${en} is pseudonymized with caseInsensitive, which gives ids differing only in case (x1, X1) one pseudonym, so the published key could repeat; write the ids in one case in the export and leave caseInsensitive out on the key`,
      'zh-CN': `${zh}使用了带 caseInsensitive 的假名化，只有大小写不同的 id（x1、X1）会得到同一个假名，发布的主键可能重复；请在导出文件中统一 id 的大小写，并去掉主键上的 caseInsensitive`,
    };
  }
  if (t.kind === 'pseudonymize') {
    return {
      en: `${en} is pseudonymized to ${t.length} hex characters, too few to keep distinct ids distinct (at least ${PRIMARY_KEY_PSEUDONYM_LENGTH})`,
      'zh-CN': `${zh}假名化为 ${t.length} 个十六进制字符，太短，不能保证不同的 id 仍然不同（至少需要 ${PRIMARY_KEY_PSEUDONYM_LENGTH} 个）`,
    };
  }
  return {
    en: `${en} has treatment ${t.kind}, which can give different rows the same published value, so the key would not be unique`,
    'zh-CN': `${zh}的脱敏处理是 ${t.kind}，不同的行可能得到相同的发布值，主键将不再唯一`,
  };
}

/** Whether a field reaches published artifacts (public or sensitive, and not dropped). */
function isPublished(f: Pick<FieldSpec, 'grade' | 'treatment'>): boolean {
  return (f.grade === 'public' || f.grade === 'sensitive') && f.treatment?.kind !== 'drop';
}
