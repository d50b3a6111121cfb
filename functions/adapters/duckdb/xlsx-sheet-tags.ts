/**
 * The tags of a part as its reader's XML tokenizer (saxen) sees them: comments, CDATA and `<?…?>`
 * skipped, a tag ending at the first `>` outside quotes, namespace prefixes dropped. Linear: the text
 * is walked once. `name` is the local name (a closing tag's too); `attributes` the raw text after it.
 */
export interface Tag {
  readonly name: string;
  readonly closing: boolean;
  /** `<c …/>`: an element without content. */
  readonly empty: boolean;
  readonly attributes: string;
  /** The index just past the tag's `>`: where its text starts. */
  readonly end: number;
}

/** Every tag of the text, in order (an unclosed tag ends the walk: the reader refuses the part). */
export function* tags(xml: string): Generator<Tag> {
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
      const end = tagEnd(xml, i + 1);
      if (end < 0) return;
      const closing = xml.charCodeAt(i + 1) === 47; // '/'
      tagName.lastIndex = closing ? i + 2 : i + 1;
      const tag = tagName.exec(xml)?.[0] ?? '';
      const attributes = xml.slice(tagName.lastIndex, end);
      yield {
        name: tag.slice(tag.indexOf(':') + 1),
        closing,
        empty: xml.charCodeAt(end - 1) === 47,
        attributes,
        end: end + 1,
      };
      at = end + 1;
    }
    if (at < 0) return;
  }
}

/** The first `>` from `from` outside quotes (a quote never closed is passed over), or -1. */
function tagEnd(xml: string, from: number): number {
  for (let j = from; j < xml.length; j++) {
    const ch = xml.charCodeAt(j);
    if (ch === 62) return j; // '>'
    if (ch === 34 || ch === 39) {
      // '"' or "'"
      const close = xml.indexOf(ch === 34 ? '"' : "'", j + 1);
      if (close >= 0) j = close;
    }
  }
  return -1;
}

/** The `<row>` and `<c>` start tags of a sheet with their `r` attribute (the last one named r, any prefix). */
export function* startTags(xml: string): Generator<{ name: 'row' | 'c'; r: string | undefined }> {
  for (const tag of tags(xml)) {
    if (!tag.closing && (tag.name === 'row' || tag.name === 'c')) {
      yield { name: tag.name, r: attribute(tag.attributes, 'r') };
    }
  }
}

/** The value of the last attribute of that local name (any prefix: the reader drops it), entities decoded. */
export function attribute(attributes: string, name: string): string | undefined {
  let value: string | undefined;
  if (!attributes.includes(name)) return value;
  for (const m of attributes.matchAll(/([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)')/g)) {
    const key = m[1] ?? '';
    if (key === name || key.endsWith(`:${name}`)) value = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return value;
}

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

/** Character references and the five XML entities, decoded as saxen does. */
export const decodeEntities = (text: string): string =>
  text.includes('&')
    ? text.replace(/&#(\d+);|&#x([0-9a-f]+);|&(\w+);/gi, (whole, d?: string, x?: string, named?: string) => {
        if (named !== undefined)
          return (named === named.toUpperCase() ? ENTITIES[named.toLowerCase()] : ENTITIES[named]) ?? whole;
        return String.fromCharCode(d !== undefined ? Number(d) : Number.parseInt(x ?? '', 16));
      })
    : text;
