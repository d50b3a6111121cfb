import type { nameDifference } from '../query/closest-name.ts';
import type { Language } from './localized.ts';

/**
 * The sentences explain-issue.ts writes about a manifest problem, in English and in Chinese: the same
 * facts (the key, the value, the allowed ones, the closest name) in each language.
 */

const code = (k: string) => `\`${k}\``;

/** Chinese text with a space where it meets Latin text, code or braces (`应为 {path: …}`, `文本或 {zh-CN: …}`). */
function zhJoin(...parts: readonly string[]): string {
  return parts.reduce((a, b) => (a && b && (/[!-~]$/.test(a) || /^[!-~]/.test(b)) ? `${a} ${b}` : a + b), '');
}

/** The sentences of the explanations, per language. */
export const WORDS = {
  en: {
    expected: (what: string, got: string) => `expected ${what}, got ${got}`,
    notOneOf: (value: string, allowed: readonly string[]) => `${value} is not one of: ${allowed.join(', ')}`,
    required: (key: string, empty: boolean, what: string | undefined) =>
      `${code(key)} is required${empty ? ' but empty' : ''}${what ? `: ${what}` : ''}`,
    requiredOneOf: (key: string, allowed: readonly string[]) =>
      `${code(key)} is required: one of ${allowed.join(', ')}`,
    misspelt: (typo: string, key: string) => `${code(typo)} looks like a misspelling of ${code(key)}: rename it`,
    add: (key: string, shapes: string | undefined) => `add \`${key}:\`${shapes ? ` with ${shapes}` : ''}`,
    notParameter: (k: string, kind: string, params: readonly string[]) =>
      `${code(k)} is not a parameter of ${code(kind)} (it takes${params.length ? `: ${params.join(', ')}` : ' no parameters'})`,
    removeOrChoose: (key: string, takers: readonly string[]) =>
      `remove it, or choose a ${key} that takes it: ${takers.join(', ')}`,
    removeOrCheck: (known: readonly string[]) =>
      `remove it or check its spelling${known.length ? `; allowed here: ${known.join(', ')}` : ''}`,
    unknownKey: (k: string) => `unknown key ${code(k)}`,
    allowedAfterNear: (known: readonly string[]) => ` (allowed here: ${known.join(', ')})`,
    notTogether: (keys: readonly string[]) => `${keys.map(code).join(' and ')} do not go together: keep one`,
    keyDidYouMean: (k: string, near: string) => `${code(k)}: did you mean ${code(near)}?`,
    didYouMean: (near: string, how: ReturnType<typeof nameDifference>) =>
      how === 'case'
        ? `did you mean ${code(near)}? names are case-sensitive`
        : how === 'spaces'
          ? `did you mean ${code(near)}? remove the spaces around the name`
          : how === 'case and spaces'
            ? `did you mean ${code(near)}? remove the spaces around the name (names are case-sensitive)`
            : `did you mean ${code(near)}?`,
    notFormat: (value: string, format: string) =>
      `${value} is not ${
        {
          email: 'an e-mail address',
          url: 'a URL (https://…)',
          regex: 'in the expected form',
          date: 'a date (YYYY-MM-DD)',
          datetime: 'an ISO 8601 date and time',
        }[format] ?? `in the ${format} format`
      }`,
    valueSays: (value: string, message: string) => `${value}: ${message}`,
    unexplained: (message: string) => message,
    anotherShape: 'another shape',
    hints: (parts: readonly string[]) => parts.join('; '),
    or: (shapes: readonly string[]) =>
      shapes.length > 4 ? `one of ${shapes.slice(0, -1).join(', ')} or ${shapes.at(-1)}` : shapes.join(' or '),
    oneOfEnum: (values: readonly string[]) => `one of ${values.join(', ')}`,
    types: {
      string: 'a text',
      number: 'a number',
      int: 'a whole number',
      boolean: 'true or false',
      array: 'a list',
      tuple: 'a list',
      object: 'a mapping (key: value)',
      record: 'a mapping (key: value)',
    } as Record<string, string>,
    value: {
      nothing: 'nothing',
      empty: 'an empty value',
      text: (quoted: string) => `the text ${quoted}`,
      number: (n: number) => (Number.isInteger(n) ? `the number ${n}` : `the number ${n} (not whole)`),
      list: (n: number) => `a list of ${n}`,
      emptyMapping: 'an empty mapping',
    },
    size: {
      atLeastOneEntry: (name: string) => `${code(name)} needs at least one entry`,
      entries: (name: string, small: boolean, n: number) =>
        `${code(name)} needs ${small ? 'at least' : 'at most'} ${n} entries`,
      notEmpty: (name: string) => `${code(name)} must not be empty`,
      characters: (name: string, small: boolean, n: number) =>
        `${code(name)} must be ${small ? 'at least' : 'at most'} ${n} characters long`,
      number: (name: string, small: boolean, strict: boolean, n: number) =>
        `${code(name)} must be ${small ? (strict ? 'more than' : 'at least') : strict ? 'less than' : 'at most'} ${n}`,
    },
  },
  'zh-CN': {
    expected: (what: string, got: string) => `${zhJoin('应为', what)}，${zhJoin('实际是', got)}`,
    notOneOf: (value: string, allowed: readonly string[]) => `${value}不在允许的取值中：${allowed.join('、')}`,
    required: (key: string, empty: boolean, what: string | undefined) =>
      `${empty ? `必填项 ${code(key)} 的值为空` : `缺少必填项 ${code(key)}`}${what ? `：${what}` : ''}`,
    requiredOneOf: (key: string, allowed: readonly string[]) =>
      `缺少必填项 ${code(key)}：应为 ${allowed.join('、')} 之一`,
    misspelt: (typo: string, key: string) => `${code(typo)} 像是 ${code(key)} 的拼写错误：请改为 ${code(key)}`,
    add: (key: string, shapes: string | undefined) =>
      `请添加 \`${key}:\`${shapes ? `，${zhJoin('值为', shapes)}` : ''}`,
    notParameter: (k: string, kind: string, params: readonly string[]) =>
      `${code(k)} 不是 ${code(kind)} 的参数（${params.length ? `它的参数是：${params.join('、')}` : '它没有参数'}）`,
    removeOrChoose: (key: string, takers: readonly string[]) =>
      `请删除它，或改用有这个参数的 ${key}：${takers.join('、')}`,
    removeOrCheck: (known: readonly string[]) =>
      `请删除它，或检查拼写${known.length ? `；这里允许的键：${known.join('、')}` : ''}`,
    unknownKey: (k: string) => `无法识别的键 ${code(k)}`,
    allowedAfterNear: (known: readonly string[]) => `（这里允许的键：${known.join('、')}）`,
    notTogether: (keys: readonly string[]) => `${keys.map(code).join(' 和 ')} 不能同时使用：只保留一个`,
    keyDidYouMean: (k: string, near: string) => `${code(k)}：是否应为 ${code(near)}？`,
    didYouMean: (near: string, how: ReturnType<typeof nameDifference>) =>
      `是否应为 ${code(near)}？${
        how === 'case'
          ? '名称区分大小写'
          : how === 'spaces'
            ? '请去掉名称前后的空格'
            : how === 'case and spaces'
              ? '请去掉名称前后的空格（名称区分大小写）'
              : ''
      }`,
    notFormat: (value: string, format: string) =>
      `${value}${
        {
          email: '不是有效的电子邮箱地址',
          url: '不是有效的网址（https://…）',
          regex: '不符合要求的格式',
          date: '不是日期（YYYY-MM-DD）',
          datetime: '不是 ISO 8601 日期时间',
        }[format] ?? `不符合 ${format} 格式`
      }`,
    valueSays: (value: string, message: string) => `${value}：${message}`,
    unexplained: (message: string) => `此处有误：${message}`,
    anotherShape: '其他形式',
    // A question (是否应为 `path`？) ends its own sentence.
    hints: (parts: readonly string[]) => parts.reduce((a, b) => `${a}${a.endsWith('？') ? '' : '；'}${b}`),
    or: (shapes: readonly string[]) =>
      shapes.length > 4
        ? `以下之一：${zhJoin(shapes.slice(0, -1).join('、'), '或', shapes.at(-1) ?? '')}`
        : zhJoin(...shapes.flatMap((x, i) => (i ? ['或', x] : [x]))),
    oneOfEnum: (values: readonly string[]) => `${values.join('、')} 之一`,
    types: {
      string: '文本',
      number: '数字',
      int: '整数',
      boolean: 'true 或 false',
      array: '列表',
      tuple: '列表',
      object: '映射（key: value）',
      record: '映射（key: value）',
    } as Record<string, string>,
    value: {
      nothing: '没有值',
      empty: '空值',
      text: (quoted: string) => `文本“${quoted.slice(1, -1)}”`,
      number: (n: number) => (Number.isInteger(n) ? `数字 ${n}` : `数字 ${n}（不是整数）`),
      list: (n: number) => `${n} 项的列表`,
      emptyMapping: '空的映射',
    },
    size: {
      atLeastOneEntry: (name: string) => `${code(name)} 至少要有一项`,
      entries: (name: string, small: boolean, n: number) =>
        `${code(name)} ${small ? '至少要有' : '最多只能有'} ${n} 项`,
      notEmpty: (name: string) => `${code(name)} 不能为空`,
      characters: (name: string, small: boolean, n: number) =>
        `${code(name)} ${small ? '至少要有' : '最多只能有'} ${n} 个字符`,
      number: (name: string, small: boolean, strict: boolean, n: number) =>
        `${code(name)} ${small ? (strict ? '必须大于' : '不能小于') : strict ? '必须小于' : '不能大于'} ${n}`,
    },
  },
} satisfies Record<Language, unknown>;
