import { LANGUAGES, type Language, pick } from '../../../functions/core/manifest/localized.ts';
import {
  FIELD_TYPE_LABELS,
  type FieldType,
  FREQUENCIES,
  type Frequency,
  GRADE_LABELS,
  GRADES,
  type Grade,
  THEMES,
  type Theme,
} from '../../../functions/core/manifest/vocabulary.ts';
import { en, enPlurals } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type UiKey = keyof typeof en;
export type { Language };
export { LANGUAGES, pick };

/** A dictionary's forms other than "other", per key, by Intl.PluralRules category (Chinese has one form). */
export type PluralForms<K extends string> = Partial<Record<K, Partial<Record<Intl.LDMLPluralRule, string>>>>;

/**
 * A translator over one dictionary per language: `translator(dicts, plurals)(lang)` gives the strings of
 * `lang`, with `{name}` placeholders filled from `vars`. With `count`, the string's plural form for that
 * number (Intl.PluralRules: "1 dataset", "2 datasets"); `vars.n` is still what is shown, so it may be the
 * formatted number.
 */
export function translator<K extends string>(
  dicts: Record<Language, Record<K, string>>,
  plurals: Partial<Record<Language, PluralForms<K>>>,
) {
  return (lang: Language) => {
    const d = dicts[lang];
    const rules = new Intl.PluralRules(lang);
    return (key: K, vars: Record<string, string | number> = {}, count?: number): string => {
      const form = count === undefined ? undefined : plurals[lang]?.[key]?.[rules.select(count)];
      return (form ?? d[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
    };
  };
}

/** The UI strings of a language (see translator). */
export const ui = translator<UiKey>({ 'zh-CN': zhCN, en }, { en: enPlurals });

const FREQUENCY_LABELS: Record<Frequency, { en: string; 'zh-CN': string }> = {
  daily: { en: 'daily', 'zh-CN': '每日' },
  weekly: { en: 'weekly', 'zh-CN': '每周' },
  monthly: { en: 'monthly', 'zh-CN': '每月' },
  quarterly: { en: 'quarterly', 'zh-CN': '每季度' },
  semiannual: { en: 'every six months', 'zh-CN': '每半年' },
  annual: { en: 'yearly', 'zh-CN': '每年' },
  irregular: { en: 'irregularly', 'zh-CN': '不定期' },
};

export const themeLabel = (id: Theme, lang: Language): string => THEMES[id][lang];
export const frequencyLabel = (f: Frequency, lang: Language): string => FREQUENCY_LABELS[f][lang];
export const gradeLabel = (g: Grade, lang: Language): string => GRADE_LABELS[g][lang];
export const fieldTypeLabel = (type: FieldType, lang: Language): string => FIELD_TYPE_LABELS[type][lang];
export { FREQUENCIES, GRADES, THEMES };
