/** Controlled vocabularies shared by manifests, the API filters and the site facets. */

/** Themes, aligned with the EU data-theme vocabulary used by DCAT-AP (codes in brackets). */
export const THEMES = {
  agriculture: { en: 'Agriculture, fisheries, forestry and food', 'zh-CN': '农业渔业林业与食品', eu: 'AGRI' },
  economy: { en: 'Economy and finance', 'zh-CN': '经济与金融', eu: 'ECON' },
  education: { en: 'Education, culture and sport', 'zh-CN': '教育文化与体育', eu: 'EDUC' },
  energy: { en: 'Energy', 'zh-CN': '能源', eu: 'ENER' },
  environment: { en: 'Environment', 'zh-CN': '环境', eu: 'ENVI' },
  government: { en: 'Government and public sector', 'zh-CN': '政府与公共部门', eu: 'GOVE' },
  health: { en: 'Health', 'zh-CN': '卫生健康', eu: 'HEAL' },
  international: { en: 'International issues', 'zh-CN': '国际事务', eu: 'INTR' },
  justice: { en: 'Justice, legal system and public safety', 'zh-CN': '司法与公共安全', eu: 'JUST' },
  regions: { en: 'Regions and cities', 'zh-CN': '区域与城市', eu: 'REGI' },
  population: { en: 'Population and society', 'zh-CN': '人口与社会', eu: 'SOCI' },
  science: { en: 'Science and technology', 'zh-CN': '科学技术', eu: 'TECH' },
  transport: { en: 'Transport', 'zh-CN': '交通运输', eu: 'TRAN' },
} as const;
export type Theme = keyof typeof THEMES;
export const THEME_IDS = Object.keys(THEMES) as [Theme, ...Theme[]];

/** How often a dataset is expected to be updated (maps to Dublin Core accrualPeriodicity). */
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'irregular'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Field types (Frictionless Table Schema names). */
export const FIELD_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'time',
  'year',
  'yearmonth',
  'geopoint',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * Data grades. GB/T 43697-2024 grades data as general (一般), important (重要) and core (核心);
 * we refine "general" into public / internal / sensitive to say what may leave the department:
 * - public: general data, published as is;
 * - internal: general data kept inside the department, never published;
 * - sensitive: general data containing personal information, published only through a treatment
 *   that removes identity (GB/T 37964 de-identification);
 * - core: important or core data; a release containing it is refused.
 */
export const GRADES = ['public', 'internal', 'sensitive', 'core'] as const;
export type Grade = (typeof GRADES)[number];

/** Source formats the pipeline reads. */
export const SOURCE_FORMATS = ['csv', 'json', 'ndjson', 'xlsx', 'parquet'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Formats every published version is offered in. */
export const PUBLISHED_FORMATS = ['csv', 'parquet', 'ndjson', 'json'] as const;
export type PublishedFormat = (typeof PUBLISHED_FORMATS)[number];

/** Grades in words, English and Chinese (the site, the validation report). */
export const GRADE_LABELS: Record<Grade, { en: string; 'zh-CN': string }> = {
  public: { en: 'public', 'zh-CN': '公开' },
  internal: { en: 'internal', 'zh-CN': '内部' },
  sensitive: { en: 'sensitive', 'zh-CN': '敏感' },
  core: { en: 'core', 'zh-CN': '核心' },
};

/** Field types in words (the manifest's Table Schema names are for code: `string`, `yearmonth`). */
export const FIELD_TYPE_LABELS: Record<FieldType, { en: string; 'zh-CN': string }> = {
  string: { en: 'text', 'zh-CN': '文本' },
  integer: { en: 'whole number', 'zh-CN': '整数' },
  number: { en: 'number', 'zh-CN': '数值' },
  boolean: { en: 'yes/no', 'zh-CN': '是/否' },
  date: { en: 'date', 'zh-CN': '日期' },
  datetime: { en: 'date and time', 'zh-CN': '日期时间' },
  time: { en: 'time of day', 'zh-CN': '时间' },
  year: { en: 'year', 'zh-CN': '年份' },
  yearmonth: { en: 'year and month', 'zh-CN': '年月' },
  geopoint: { en: 'coordinates (latitude, longitude)', 'zh-CN': '经纬度坐标' },
};
