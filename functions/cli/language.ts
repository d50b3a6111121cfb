import type { Language } from '../core/manifest/localized.ts';
import { UsageError } from './io.ts';

/**
 * The language the CLI writes its reports in: `--lang zh|en` (anywhere in argv, read by main.ts into
 * OPENDATA_LANG), else OPENDATA_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG): a `zh…` locale reads
 * Chinese, any other English. A department's data officer on a Chinese desktop gets Chinese reports
 * without a flag; scripts that parse the text pin `--lang en` (or use `--json`, which carries both).
 */
export function cliLanguage(env: NodeJS.ProcessEnv): Language {
  const chosen = env.OPENDATA_LANG;
  return chosen ? parseLanguage(chosen) : localeLanguage(env);
}

/**
 * The language to print help in after a refused `--lang` (whose error is said in both): OPENDATA_LANG when
 * it is one, else the locale's.
 */
export function fallbackLanguage(env: NodeJS.ProcessEnv): Language {
  try {
    return cliLanguage(env);
  } catch (e) {
    if (e instanceof UsageError) return localeLanguage(env);
    throw e;
  }
}

/** The language of the locale (LC_ALL, LC_MESSAGES, LANG): a `zh…` locale reads Chinese, any other English. */
function localeLanguage(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

/**
 * `zh`, `zh-CN`, `zh_CN.UTF-8` → Chinese; `en…` → English; anything else is a usage error, said in both
 * languages since neither is known.
 */
export function parseLanguage(value: string): Language {
  if (/^zh([-_].*)?$/i.test(value)) return 'zh-CN';
  if (/^en([-_].*)?$/i.test(value)) return 'en';
  throw new UsageError(
    `--lang (OPENDATA_LANG) must be zh or en, not "${value}"`,
    `--lang（OPENDATA_LANG）只能是 zh 或 en，不能是“${value}”`,
    { bilingual: true },
  );
}
