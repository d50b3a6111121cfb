import type { YAMLError } from 'yaml';
import type { ProblemDetail } from '../errors.ts';

/**
 * The mistakes a department's YAML most often has, in Chinese by the parser's error code: its English
 * message (kept in `message`) is the parser's own. Any other code is named as a YAML syntax error,
 * with the parser's words.
 */
const SYNTAX_ZH: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: '同一个键写了两次：每个键只能出现一次',
  TAB_AS_INDENT: '缩进用了制表符（Tab）：YAML 只能用空格缩进',
  BAD_INDENT: '缩进不对，或方括号 [ ]、花括号 { } 没有闭合',
  MISSING_CHAR: '缺少字符：例如引号没有闭合，或列表项前缺少“-”',
  BLOCK_AS_IMPLICIT_KEY: '一行里不能再嵌套映射（如 `a: b: c`）：通常是缩进不对，或值中的冒号需要加引号',
  MULTILINE_IMPLICIT_KEY: '键必须写在一行内：通常是上一行缺少冒号，或缩进不对',
  BAD_SCALAR_START: '值不能以 @、` 等保留字符开头：请给值加上引号',
  MULTIPLE_DOCS: '文件中只能有一个 YAML 文档：请删除多余的 `---`',
  UNEXPECTED_TOKEN: '这里出现了不该有的字符',
};

/** One YAML syntax error of `file`, where it is (line:column), in English and Chinese. */
export function yamlSyntaxProblem(e: YAMLError, file: string): ProblemDetail {
  const message = e.message.split('\n')[0] ?? e.message;
  return {
    where: `${file}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}`,
    message,
    hint: 'fix the YAML syntax (indentation, quotes, a colon after each key)',
    zh: {
      message: SYNTAX_ZH[e.code] ?? `YAML 语法错误：${message}`,
      hint: '请修正 YAML 语法（缩进、引号、每个键后面的冒号）',
    },
  };
}
