import { z } from 'zod';
import { bilingual } from './schema-zh.ts';

/** Languages the catalogue speaks. zh-CN is the default, en the second. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text written in both languages (a message of the platform, not a publisher's text). */
export type Bilingual = Readonly<Record<Language, string>>;

/**
 * Text in one or both catalogue languages. A bare string in a manifest is taken as zh-CN when it
 * contains CJK characters, else as en, so simple manifests stay simple.
 */
export const LocalizedText = z
  .union([
    z.string().min(1),
    z
      .strictObject({
        /** Simplified Chinese text. */
        'zh-CN': z.string().min(1).optional(),
        /** English text. */
        en: z.string().min(1).optional(),
      })
      .refine((t) => t['zh-CN'] !== undefined || t.en !== undefined, {
        message: bilingual('give the text in zh-CN, en or both', '请用 zh-CN、en 或两种语言写出文本'),
      }),
  ])
  .transform((t): { 'zh-CN'?: string; en?: string } =>
    typeof t === 'string' ? (/[\u3400-\u9fff]/.test(t) ? { 'zh-CN': t } : { en: t }) : t,
  );
export type LocalizedText = z.output<typeof LocalizedText>;

/** Normalised localized text as stored in the catalogue (after the manifest transform). */
export const StoredLocalizedText = z.strictObject({
  'zh-CN': z.string().optional(),
  en: z.string().optional(),
});

/** Picks the text for `lang`, falling back to the other language. */
export function pick(text: LocalizedText | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] ?? text[lang === 'en' ? 'zh-CN' : 'en'] ?? '';
}
