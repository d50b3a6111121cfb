import { langSegments } from './lang.ts';
import type { Language } from './types.ts';

/**
 * A deliberately small Markdown renderer for dataset descriptions. Descriptions come from
 * departments' manifests, so they are untrusted: every character of input is HTML-escaped first,
 * raw HTML is never passed through, and links keep only http(s) and mailto targets (javascript:,
 * data:, vbscript: and anything else become plain text). Supported: paragraphs, headings (rendered
 * one level below the page's section headings), bullet and numbered lists, **bold**, *italic*,
 * `code`, [text](url) and bare line breaks.
 */

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escaped text with every run in the other language than `lang` marked (`<span lang="zh-CN">`, WCAG
 * 3.1.2); plain escaped text without `lang`.
 */
function text(s: string, lang: Language | undefined): string {
  if (!lang) return escapeHtml(s);
  return langSegments(s)
    .map((seg) =>
      seg.lang && seg.lang !== lang ? `<span lang="${seg.lang}">${escapeHtml(seg.text)}</span>` : escapeHtml(seg.text),
    )
    .join('');
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Returns the URL if it is safe to put in an href, else null. */
export function safeUrl(raw: string): string | null {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"): strip them before checking.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be stripped from URLs
  const url = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return SAFE_URL.test(url) ? url : null;
}

function inline(md: string, lang: Language | undefined): string {
  // Code spans first, so their contents are not formatted.
  const parts = md.split(/(`[^`]+`)/g);
  return parts
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      let out = '';
      let last = 0;
      const link = /\[([^\]\n]+)\]\(([^)\s]*)\)/g;
      for (const m of part.matchAll(link)) {
        out += emphasis(text(part.slice(last, m.index), lang));
        const label = emphasis(text(m[1]!, lang));
        const href = safeUrl(m[2]!);
        out += href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener">${label}</a>` : label;
        last = m.index! + m[0].length;
      }
      return out + emphasis(text(part.slice(last), lang));
    })
    .join('');
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
}

/**
 * Renders untrusted Markdown to safe HTML. `headingBase` is the level of a `#` heading (default 3). With
 * `lang` (the language of the element it goes in), text in the other language is marked with `lang`.
 */
export function renderMarkdown(md: string, headingBase = 3, lang?: Language): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  const flushPara = () => {
    if (para.length) out.push(`<p>${para.map((l) => inline(l, lang)).join('<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i, lang)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flushPara();
      flushList();
    } else if (heading) {
      flushPara();
      flushList();
      const level = Math.min(6, headingBase + heading[1]!.length - 1);
      out.push(`<h${level}>${inline(heading[2]!, lang)}</h${level}>`);
    } else if (bullet || numbered) {
      flushPara();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara();
  flushList();
  return out.join('\n');
}

/** Plain text of Markdown (for meta descriptions, feeds and JSON-LD). */
export function markdownToText(md: string): string {
  return md
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/\*\*|[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
