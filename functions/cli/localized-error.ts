import type { Language } from '../core/manifest/localized.ts';

/** An error the CLI prints to its user: `message` in English, `zh` the same in Chinese. */
export class LocalizedError extends Error {
  readonly zh: string;
  constructor(message: string, zh: string) {
    super(message);
    this.zh = zh;
  }

  /** The message in `lang` (language.ts). */
  text(lang: Language): string {
    return lang === 'zh-CN' ? this.zh : this.message;
  }
}
