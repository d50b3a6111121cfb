import { type ProblemDetail, unprocessable } from '../errors.ts';
import { PERSONAL_DETECTORS, scanText } from '../protection/detectors/index.ts';
import { PERSONAL_DATA_PHRASES } from './personal-data-phrases.ts';

/**
 * Public text written by people (data requests, feedback, replies, reasons) must not carry contact
 * details or other personal identifiers: it is published as written. The same detectors the release
 * gate runs over data find them here; only blocking (personal) detectors count, so an organisation's
 * credit code stays allowed. The refusal names the field and the kind of data, never the value.
 */

/** How a kind of data reads in a sentence ("looks like a mobile number", "疑似手机号码"). */
const PHRASE: Readonly<Record<string, string>> = PERSONAL_DATA_PHRASES.en;
const PHRASE_ZH: Readonly<Record<string, string>> = PERSONAL_DATA_PHRASES['zh-CN'];

export interface PublicTextField {
  /** Where, as in problem details: `body.description`. */
  readonly where: string;
  readonly text: string | undefined;
}

export interface PersonalDataHit {
  readonly where: string;
  /** Detector ids found in the field (each once, in reporting order). */
  readonly kinds: readonly string[];
}

/** The fields holding what looks like personal data, with the kinds found (no values). Pure. */
export function findPersonalData(fields: readonly PublicTextField[]): PersonalDataHit[] {
  return fields.flatMap(({ where, text }) => {
    if (!text) return [];
    const found = new Set(scanText(text, PERSONAL_DETECTORS).map((m) => m.detector));
    const kinds = PERSONAL_DETECTORS.map((d) => d.id).filter((id) => found.has(id));
    return kinds.length ? [{ where, kinds }] : [];
  });
}

/**
 * A URL as the text a reader sees once it is opened: percent-escapes decoded (up to three rounds, for a
 * link encoded more than once) and `+` read as a space, so `?phone=%31%33%38…` is scanned like `?phone=138…`. A
 * malformed escape is decoded byte by byte instead of failing. Pure; only for scanning, never stored.
 */
export function urlAsText(url: string | undefined): string | undefined {
  if (!url) return url;
  let text = url.replace(/\+/g, ' ');
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(text); round++) {
    text = text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      }
    });
  }
  return text;
}

const phrase = (kind: string): string => PHRASE[kind] ?? `a ${kind}`;
const phraseZh = (kind: string): string => PHRASE_ZH[kind] ?? kind;

/** What to do about a refused text, in English and in Chinese. */
export interface RefusalHint {
  readonly en: string;
  readonly zh: string;
}

/**
 * Refuses (422) when any field holds what looks like personal data. `hint` says what to do instead
 * (remove it; use a private contact field if the form has one). The value is never echoed back.
 */
export function refusePersonalData(fields: readonly PublicTextField[], hint: RefusalHint): void {
  const hits = findPersonalData(fields);
  if (!hits.length) return;
  const errors: ProblemDetail[] = hits.map((h) => {
    const kinds = [...new Set(h.kinds)];
    return {
      where: h.where,
      message: `looks like ${[...new Set(kinds.map(phrase))].join(' and ')}`,
      hint: hint.en,
      zh: { message: `疑似${[...new Set(kinds.map(phraseZh))].join('和')}`, hint: hint.zh },
    };
  });
  throw unprocessable({
    detail: `this text is published as written and seems to contain personal data: ${errors
      .map((e) => `${e.where} ${e.message}`)
      .join('; ')}`,
    hint: hint.en,
    zh: {
      detail: `这段文字会按原样公开，但似乎包含个人信息：${errors.map((e) => `${e.where} ${e.zh?.message}`).join('；')}`,
      hint: hint.zh,
    },
    errors,
    extensions: { personalData: hits.map((h) => ({ field: h.where.replace(/^body\./, ''), kinds: h.kinds })) },
  });
}
