/**
 * The Chinese of the messages schemas write themselves: the manifest's, for explain-issue.ts, and the
 * API's request schemas', for zod-zh.ts (whose other messages come from zod's zh-CN locale). zod 4 keeps
 * only the message of a regex or length check (`'use YYYY, YYYY-MM or YYYY-MM-DD'`), so a schema writes
 * such a message as `bilingual(en, zh)` and its Chinese is found again by the English. An issue a
 * refinement adds itself names values (`field "age" is declared twice`): it carries its Chinese in
 * `params.zh` (`zhParams`).
 */
const CHINESE = new Map<string, string>();

/** The English message `en`, with `zh` remembered as its Chinese. */
export function bilingual(en: string, zh: string): string {
  CHINESE.set(en, zh);
  return en;
}

/** The params of a custom issue carrying its Chinese message (and other params, e.g. `didYouMean`). */
export const zhParams = (zh: string, more: Readonly<Record<string, unknown>> = {}) => ({ params: { ...more, zh } });

/** The Chinese of a message a schema wrote: the issue's `params.zh`, or the one registered for its English. */
export function schemaMessageZh(issue: { readonly message: string; readonly params?: unknown }): string | undefined {
  const zh = (issue.params as { zh?: unknown } | undefined)?.zh;
  return typeof zh === 'string' ? zh : CHINESE.get(issue.message);
}
