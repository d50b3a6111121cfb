/**
 * Text for XML 1.0 element content and double-quoted attributes (Atom feeds, sitemaps, SVG): the five
 * markup characters escaped, and the characters XML 1.0 cannot carry at all (C0 controls, U+FFFE,
 * U+FFFF, unpaired surrogates) dropped.
 */
export const escapeXml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these control characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    // Nor U+FFFE, U+FFFF and unpaired surrogates (one in a withdrawal reason made the whole feed invalid).
    .replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
