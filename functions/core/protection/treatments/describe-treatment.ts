import type { DeidentificationEntry } from '../../catalog/schema.ts';
import type { Language } from '../../manifest/localized.ts';
import type { FieldSpec } from '../../manifest/schema.ts';
import { Treatment } from '../../manifest/treatment.ts';
import { findingsNote } from '../deidentification-finding.ts';
import { closedBuckets, generalizeNumber } from './generalize-number.ts';

/**
 * The de-identification record of a field for the version record and the release report: what was
 * done and why, in words a reader of the catalogue understands, in English (the report's language) and
 * Chinese from the same facts. Parameters are described, the key and values never are.
 */

/** What was done to a field and why, in one language. */
export interface DeidText {
  action: string;
  reason: string;
}

type Described = Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>;

/** The English or the Chinese, by `lang`. */
const say = (lang: Language, en: string, zh: string) => (lang === 'en' ? en : zh);

/** What was done to a declared field and why, from its grade and treatment, in `lang` (English by default). */
export function describeTreatment(field: Described, lang: Language = 'en'): DeidText {
  const closed =
    field.treatment?.kind === 'generalize-number' ? closedBuckets(field.type, field.treatment.width) : undefined;
  return describeGraded(field.grade, field.treatment, lang, closed);
}

function describeGraded(
  grade: Described['grade'],
  treatment: Treatment | undefined,
  lang: Language,
  closed: boolean | undefined,
): DeidText {
  const text = (action: [string, string], reason: [string, string]): DeidText => ({
    action: say(lang, ...action),
    reason: say(lang, ...reason),
  });
  switch (grade) {
    case 'internal':
      return text(
        ['not published', '不公开'],
        [
          'graded internal: general data kept inside the department; the column is left out of every artifact',
          '定级为内部：部门内部使用的一般数据，该列不出现在任何发布文件中',
        ],
      );
    case 'core':
      return text(
        ['release refused', '拒绝发布'],
        [
          'graded core: important or core data (GB/T 43697) may not be published; the release is refused while the field is present',
          '定级为核心：重要数据和核心数据（GB/T 43697）不得公开，只要包含该字段，发布即被拒绝',
        ],
      );
    case 'public':
      if (!treatment) {
        return text(
          ['published as is', '原样发布'],
          ['graded public: general data open for publication', '定级为公开：可以公开的一般数据'],
        );
      }
      return {
        action: treatmentWords(treatment, lang, closed).long,
        reason: say(lang, 'graded public; the publisher chose to coarsen it', '定级为公开，发布者选择对其粗化处理'),
      };
    case 'sensitive':
      if (!treatment) {
        // The manifest schema rejects this; kept total so a report never claims a treatment that did not run.
        return text(
          ['release refused', '拒绝发布'],
          [
            'graded sensitive without a treatment: personal information cannot be published as is',
            '定级为敏感但未指定处理方式：个人信息不能原样发布',
          ],
        );
      }
      return {
        action: treatmentWords(treatment, lang, closed).long,
        reason: say(
          lang,
          'graded sensitive: personal information, de-identified before publication (GB/T 37964) so that it no longer identifies a person',
          '定级为敏感：个人信息，发布前已去标识化（GB/T 37964），不再能识别到个人',
        ),
      };
  }
}

/**
 * The record of a declared field: the English text, and the facts it was written from. `note`: what the
 * checks found on the field (English), appended to the reason.
 */
export function deidentificationEntry(field: Described, note?: string): DeidentificationEntry {
  const { action, reason } = describeTreatment(field);
  return {
    field: field.name,
    grade: field.grade,
    action,
    reason: note ? `${reason}; ${note}` : reason,
    cause: 'grade',
    sourceType: field.type,
    ...(field.treatment ? { treatment: { ...field.treatment } } : {}),
    ...(note ? { note } : {}),
  };
}

/** Why a source column the manifest does not declare is not published, in `lang`. */
function undeclaredText(lang: Language): DeidText {
  return {
    action: say(lang, 'not published', '不公开'),
    reason: say(
      lang,
      'not declared in the manifest: undeclared columns are never published, whatever they contain',
      '清单中未声明：未声明的列无论内容如何都不会发布',
    ),
  };
}

/** The record for a source column the manifest does not declare. */
export function describeUndeclared(column: string): DeidentificationEntry {
  return { field: column, grade: 'internal', ...undeclaredText('en'), cause: 'undeclared' };
}

/**
 * The record of rows suppressed for k-anonymity over a set of quasi-identifiers that is not one declared
 * field (`a+b`). `note`: what was suppressed (English), the record's reason.
 */
export function suppressionEntry(quasiIdentifiers: string, note: string): DeidentificationEntry {
  return {
    field: quasiIdentifiers,
    grade: 'sensitive',
    action: 'k-anonymity suppression',
    reason: note,
    cause: 'k-anonymity',
    note,
  };
}

/**
 * A record's action and reason in `lang`, from the facts it records; `note` is what the checks found:
 * written from its facts (`findings`) when recorded, else the note as recorded (English). In English
 * without a finding, the record's own text (the report's, the note already in its reason). Null when the
 * record holds no facts this code knows (written before they were recorded, or a newer treatment kind):
 * show its text.
 */
export function describeEntry(x: DeidentificationEntry, lang: Language): (DeidText & { note?: string }) | null {
  const facts = x.findings?.length ? x.findings : undefined;
  if (lang === 'en' && !facts) return { action: x.action, reason: x.reason };
  const note = facts ? { note: findingsNote(facts, lang) } : x.note ? { note: x.note } : {};
  switch (x.cause) {
    case 'undeclared':
      return undeclaredText(lang);
    case 'k-anonymity':
      return {
        action: say(lang, 'k-anonymity suppression', 'k-匿名：删除记录'),
        reason: say(
          lang,
          `rows whose quasi-identifiers (${x.field}) are shared by fewer than k rows are not published`,
          `准标识符（${x.field}）组合相同的记录少于 k 条的，整行不发布`,
        ),
        ...note,
      };
    case 'grade': {
      const parsed = x.treatment ? Treatment.safeParse(x.treatment) : undefined;
      if (parsed && !parsed.success) return null;
      const treatment = parsed?.data;
      const closed =
        treatment?.kind === 'generalize-number' && x.sourceType
          ? closedBuckets(x.sourceType, treatment.width)
          : undefined;
      return { ...describeGraded(x.grade, treatment, lang, closed), ...note };
    }
    case undefined:
      return null;
  }
}

/** About how far apart coordinates rounded to n decimals of a degree may be (1° of latitude ≈ 111 km). */
const COORDINATE_PRECISION: Record<Language, readonly string[]> = {
  en: ['100 km', '10 km', '1 km', '100 m', '10 m', '1 m', '10 cm'],
  'zh-CN': ['100 公里', '10 公里', '1 公里', '100 米', '10 米', '1 米', '10 厘米'],
};

/** An example band as the pipeline writes it: closed ("30-39") or half-open ("30-40"); none when which is not known. */
function bandExample(t: Extract<Treatment, { kind: 'generalize-number' }>, closed: boolean | undefined) {
  if (closed === undefined) return null;
  const label = generalizeNumber(3 * t.width, t, closed ? 'integer' : 'number');
  return typeof label === 'string' ? label : null;
}

/**
 * A treatment in words, in `lang`: `short` for a field table ("grouped into bands of 10 (e.g. 30-39)"),
 * `long` for the de-identification record. `closed`: whether number bands include both bounds (the
 * source field's type decides), when known.
 */
export function treatmentWords(t: Treatment, lang: Language, closed?: boolean): { short: string; long: string } {
  const en = lang === 'en';
  const words = (short: [string, string], long: [string, string]) => ({
    short: say(lang, ...short),
    long: say(lang, ...long),
  });
  switch (t.kind) {
    case 'drop':
      return words(['removed', '已删除该列'], ['column removed from every artifact', '从所有发布文件中删除该列']);
    case 'redact':
      return words(
        ['every value published empty', '所有值发布为空'],
        ['column kept, every value published as empty (null)', '保留该列，所有值发布为空（null）'],
      );
    case 'mask':
      // maskKeeps (mask.ts) keeps at most two thirds of a value, whatever keepFirst and keepLast say.
      return words(
        [
          `masked: up to the first ${t.keepFirst} and last ${t.keepLast} characters kept`,
          `部分遮盖：最多保留前 ${t.keepFirst} 位和后 ${t.keepLast} 位字符`,
        ],
        [
          `masked: up to the first ${t.keepFirst} and last ${t.keepLast} characters kept, the others replaced by "${t.char}" (at least a third of every value, and at least one character, is always masked)`,
          `部分遮盖：最多保留前 ${t.keepFirst} 位和后 ${t.keepLast} 位字符，其余替换为“${t.char}”（每个值至少遮盖三分之一，且至少一个字符）`,
        ],
      );
    case 'pseudonymize': {
      const ci = t.caseInsensitive === true;
      return words(
        [
          `pseudonymized: replaced by a ${t.length}-character code, the same in every version${ci ? ' (letter case ignored)' : ''}`,
          `假名化：替换为 ${t.length} 位代码，各版本保持一致${ci ? '（不区分字母大小写）' : ''}`,
        ],
        [
          `pseudonymized: keyed HMAC-SHA256 with a platform secret, first ${t.length} hex characters${ci ? ', of the value with its letters a-z upper-cased (x and X give one code)' : ''}; stable across versions, not reversible without the key, and not linkable to other datasets' pseudonyms (the key is this dataset's, or its declared linkage group's)`,
          `假名化：用平台密钥计算 HMAC-SHA256${ci ? '（先将字母 a-z 转为大写，x 与 X 得到同一代码）' : ''}，保留前 ${t.length} 位十六进制字符；各版本保持一致，没有密钥无法还原，也无法与其他数据集的假名关联（密钥属于本数据集或其声明的关联组）`,
        ],
      );
    }
    case 'generalize-number': {
      const example = bandExample(t, closed);
      const bounds =
        closed === undefined
          ? ['', '']
          : closed
            ? [' with both bounds included', '，两端都包含']
            : [' for lo ≤ value < hi', '，含下限、不含上限'];
      return {
        short: en
          ? `grouped into bands of ${t.width}${example ? ` (e.g. ${example})` : ''}`
          : `按 ${t.width} 分组${example ? `（如 ${example}）` : ''}`,
        long: en
          ? `generalized into buckets of width ${t.width}, labelled "lo-hi"${bounds[0]}`
          : `按宽度 ${t.width} 分组，标为“下限-上限”${bounds[1]}`,
      };
    }
    case 'generalize-date':
      return t.to === 'month'
        ? words(
            ['only the year and month kept', '只保留年和月'],
            ['generalized to the month (YYYY-MM)', '只保留到月（YYYY-MM）'],
          )
        : words(['only the year kept', '只保留年份'], ['generalized to the year (YYYY)', '只保留到年（YYYY）']);
    case 'round-coordinates': {
      const about = COORDINATE_PRECISION[lang][t.decimals];
      const s = t.decimals === 1 ? '' : 's';
      return {
        short: en
          ? `rounded to ${t.decimals} decimal place${s}${about ? ` (about ${about})` : ''}`
          : `保留 ${t.decimals} 位小数${about ? `（约 ${about}）` : ''}`,
        long: en ? `coordinates rounded to ${t.decimals} decimal${s}` : `坐标四舍五入到 ${t.decimals} 位小数`,
      };
    }
    case 'truncate-code':
      return t.pad
        ? words(
            [`only the first ${t.keep} characters kept, the rest replaced by zeros`, `只保留前 ${t.keep} 位，其余补 0`],
            [
              `code truncated to its first ${t.keep} characters, the rest replaced by zeros`,
              `代码只保留前 ${t.keep} 位，其余替换为 0`,
            ],
          )
        : words(
            [`only the first ${t.keep} characters kept`, `只保留前 ${t.keep} 位`],
            [`code truncated to its first ${t.keep} characters`, `代码只保留前 ${t.keep} 位`],
          );
    case 'date-shift':
      return words(
        [
          `dates shifted by up to ${t.maxDays} days, by the same amount within a record`,
          `日期随机平移，最多 ${t.maxDays} 天（同一记录内平移相同）`,
        ],
        [
          `dates shifted by a secret per-record offset of 1 to ${t.maxDays} days either way, keyed by "${t.keyField}" (intervals within a record are kept)`,
          `日期按每条记录的秘密偏移量平移 1 至 ${t.maxDays} 天（可前可后），偏移量由“${t.keyField}”决定（同一记录内的时间间隔不变）`,
        ],
      );
  }
}
