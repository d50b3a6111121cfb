/**
 * The `<row>` and `<c>` start tags of a sheet with their `r` attribute (the last one named r, any
 * prefix), tokenized as saxen does: comments, CDATA and `<?…?>` skipped, a tag ending at the first `>`
 * outside quotes. Linear: the text is walked once.
 */
export function* startTags(xml: string): Generator<{ name: 'row' | 'c'; r: string | undefined }> {
  const quoteOrEnd = /["'>]/g;
  const tagName = /[^\s/>]*/y;
  const after = (from: number, end: string) => {
    const j = xml.indexOf(end, from);
    return j < 0 ? -1 : j + end.length;
  };
  let at = 0;
  for (;;) {
    const i = xml.indexOf('<', at);
    if (i < 0) return;
    if (xml.startsWith('!--', i + 1)) at = after(i, '-->');
    else if (xml.startsWith('![CDATA[', i + 1)) at = after(i, ']]>');
    else if (xml.startsWith('?', i + 1)) at = after(i, '?>');
    else {
      let end = -1;
      quoteOrEnd.lastIndex = i + 1;
      for (let m = quoteOrEnd.exec(xml); m; m = quoteOrEnd.exec(xml)) {
        if (m[0] === '>') {
          end = m.index;
          break;
        }
        const close = xml.indexOf(m[0], m.index + 1);
        if (close >= 0) quoteOrEnd.lastIndex = close + 1;
      }
      if (end < 0) return; // an unclosed tag: the reader refuses the sheet
      tagName.lastIndex = i + 1;
      const tag = tagName.exec(xml)?.[0] ?? '';
      const local = tag.slice(tag.indexOf(':') + 1);
      if (local === 'row' || local === 'c') yield { name: local, r: rAttribute(xml.slice(i + 1 + tag.length, end)) };
      at = end + 1;
    }
    if (at < 0) return;
  }
}

/** The value of the last attribute named r (any prefix: the reader drops it), entities decoded. */
function rAttribute(attributes: string): string | undefined {
  let r: string | undefined;
  for (const m of attributes.matchAll(/([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)')/g)) {
    const attribute = m[1] ?? '';
    if (attribute === 'r' || attribute.endsWith(':r')) r = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return r;
}

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

/** Character references and the five XML entities, decoded as saxen does. */
const decodeEntities = (text: string): string =>
  text.replace(/&#(\d+);|&#x([0-9a-f]+);|&(\w+);/gi, (whole, d?: string, x?: string, named?: string) => {
    if (named !== undefined)
      return (named === named.toUpperCase() ? ENTITIES[named.toLowerCase()] : ENTITIES[named]) ?? whole;
    return String.fromCharCode(d !== undefined ? Number(d) : Number.parseInt(x ?? '', 16));
  });
