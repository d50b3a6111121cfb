import type { DatasetManifest } from '../manifest/schema.ts';
import { scanText } from '../protection/detectors/index.ts';
import { nameDifference } from '../query/closest-name.ts';
import { maskForReport, type ValidationIssue } from './report.ts';
import { zh, zhField, zhGrade } from './zh.ts';

/**
 * Whether a header holds what looks like personal data (a resident ID, a mobile number, an e-mail…):
 * then its first line is a data row — an export without its header row — and its undeclared names
 * are cells of a person, not column names.
 */
function looksLikeData(columns: readonly string[]): boolean {
  return columns.some((c) => scanText(c).length > 0);
}

/**
 * Most columns a source may have. Far beyond any export (a manifest declares every published column),
 * and a bound on the work a file can cause: a 400 KB header of 200,000 names once overflowed the stack.
 */
export const MAX_SOURCE_COLUMNS = 4096;

/** Header against the manifest: duplicate, undeclared (extra) and missing columns. */
export function checkHeader(columns: readonly string[], manifest: DatasetManifest, file: string): ValidationIssue[] {
  if (columns.length > MAX_SOURCE_COLUMNS) {
    return [
      {
        type: 'file/unreadable',
        file,
        message: `the header has ${columns.length} columns; a source may have at most ${MAX_SOURCE_COLUMNS}`,
        hint: 'export only the columns the manifest declares (or check the delimiter: a wrong one can split every cell)',
        zh: zh(
          `表头有 ${columns.length} 列，而一个数据源最多只能有 ${MAX_SOURCE_COLUMNS} 列`,
          '请只导出数据集清单 `dataset.yaml` 中声明的列（或检查分隔符：分隔符不对，可能把每个单元格都拆开）',
        ),
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  const declaredNames = manifest.fields.map((f) => f.name);
  const declared = new Set(declaredNames);
  const asData = looksLikeData(columns);
  // Undeclared names of a header that is really a data row are masked like a sensitive cell: reports
  // are read by people outside the department (release API, CI logs).
  const shown = (c: string) => (asData && !declared.has(c) ? maskForReport(c) : c);
  const noHeaderHint =
    'the first line looks like data (it holds what looks like personal data), not a header: export the file with its header row';
  const noHeaderHintZh = '第一行看起来是数据（其中有疑似个人信息的内容），不是表头：请导出带表头行的文件';
  const found = columns.join(', ');
  const foundZh = columns.join('、');
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      issues.push({
        type: 'header/duplicate-column',
        file,
        field: shown(c),
        message: `column "${shown(c)}" appears more than once in the header`,
        hint: asData ? noHeaderHint : 'rename one of the columns so every header name is unique',
        zh: zh(
          `列“${shown(c)}”在表头中出现了不止一次`,
          asData ? noHeaderHintZh : '请给其中一列改名，让表头中的每个列名都不重复',
        ),
      });
    }
    seen.add(c);
    if (!declared.has(c)) {
      const field = declaredNames.find((n) => sameName(n, c) && !columns.includes(n));
      issues.push({
        type: 'header/extra-column',
        file,
        field: shown(c),
        message: `column "${shown(c)}" is in the file but not declared in the manifest`,
        hint: asData
          ? noHeaderHint
          : field !== undefined
            ? `it differs from the declared field "${field}" only ${howDifferent(c, field)}: ${renameHint(field)}`
            : `declare it under fields (grade it internal if it must not be published) or remove it from the export; undeclared columns are never published`,
        zh: zh(
          `列“${shown(c)}”在文件中，但没有在 \`dataset.yaml\`（数据集清单）中声明`,
          asData
            ? noHeaderHintZh
            : field !== undefined
              ? `它和已声明的${zhField(field)}相比，只有${howDifferentZh(c, field)}不同：${renameHintZh(field)}`
              : `请在 \`fields\` 下声明它（不能发布的列，分级设为“${zhGrade('internal')}”），或从导出文件中删除这一列；未声明的列一律不发布`,
        ),
      });
    }
  }
  for (const name of declaredNames) {
    if (!seen.has(name)) {
      const column = columns.find((c) => sameName(name, c) && !declared.has(c));
      issues.push({
        type: 'header/missing-column',
        file,
        field: name,
        message: `declared field "${name}" is not in the file's header`,
        hint: asData
          ? noHeaderHint
          : column !== undefined
            ? `the header has ${JSON.stringify(column)}, which differs only ${howDifferent(column, name)}: ${renameHint(name)} (header found: ${found})`
            : `add the column to the export, or remove the field from the manifest (header found: ${found})`,
        zh: zh(
          `已声明的${zhField(name)}不在文件的表头中`,
          asData
            ? noHeaderHintZh
            : column !== undefined
              ? `表头中有 ${JSON.stringify(column)}，和它只有${howDifferentZh(column, name)}不同：${renameHintZh(name)}（文件中的表头：${foundZh}）`
              : `请在导出文件中加上这一列，或从 \`dataset.yaml\`（数据集清单）中删除这个字段（文件中的表头：${foundZh}）`,
        ),
      });
    }
  }
  return issues;
}

const sameName = (declared: string, column: string) => nameDifference(column, declared) !== undefined;

const howDifferent = (column: string, declared: string) =>
  ({
    case: 'in letter case',
    spaces: 'in surrounding spaces',
    'case and spaces': 'in letter case and surrounding spaces',
  })[nameDifference(column, declared) ?? 'case'];

const howDifferentZh = (column: string, declared: string) =>
  ({
    case: '字母大小写',
    spaces: '首尾空格',
    'case and spaces': '字母大小写和首尾空格',
  })[nameDifference(column, declared) ?? 'case'];

const renameHintZh = (declared: string) =>
  `名称必须完全一致（字母大小写和空格都算）：请在导出文件中把列名改为“${declared}”，或在 \`dataset.yaml\`（数据集清单）中修改字段名`;

const renameHint = (declared: string) =>
  `names must match exactly (letter case and spaces count): rename the column to "${declared}" in the export, or the field in the manifest`;
