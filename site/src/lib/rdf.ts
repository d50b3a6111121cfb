/**
 * A tiny RDF node model with two serialisers (Turtle and JSON-LD) so that /catalog/dcat.ttl and
 * /catalog/dcat.jsonld say exactly the same thing. Predicates and types are prefixed names; the
 * JSON-LD context is inline (no remote context to fetch).
 */

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  adms: 'http://www.w3.org/ns/adms#',
  locn: 'http://www.w3.org/ns/locn#',
} as const;

export interface Literal {
  literal: string;
  lang?: string;
  /** Prefixed datatype, e.g. `xsd:dateTime`. */
  datatype?: string;
}
export interface IriRef {
  iri: string;
}
export interface RdfNode {
  /** An absolute IRI, or `_:name` for a blank node (serialised inline). */
  id: string;
  types: string[];
  props: [predicate: string, object: Term][];
}
export type Term = Literal | IriRef | RdfNode;

const isNode = (t: Term): t is RdfNode => 'props' in t;
const isLiteral = (t: Term): t is Literal => 'literal' in t;
const isBlank = (id: string) => id.startsWith('_:');

/** Percent-encodes the characters Turtle forbids inside <...>. */
export function iriSafe(iri: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Turtle forbids control characters in IRIs
  return iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => encodeURIComponent(c));
}

function turtleString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function toTurtle(roots: RdfNode[]): string {
  const emitted = new Set<string>();
  const queue = [...roots];
  const blocks: string[] = [];
  const term = (t: Term, indent: string): string => {
    if (isLiteral(t)) {
      const s = turtleString(t.literal);
      return t.lang
        ? `${s}@${t.lang}`
        : t.datatype
          ? `${s}^^${t.datatype.includes('://') ? `<${t.datatype}>` : t.datatype}`
          : s;
    }
    if (isNode(t)) {
      if (isBlank(t.id)) return `[\n${body(t, `${indent}  `)}\n${indent}]`;
      queue.push(t);
    }
    return `<${iriSafe(isNode(t) ? t.id : t.iri)}>`;
  };
  const body = (n: RdfNode, indent: string): string => {
    const lines: string[] = [];
    if (n.types.length) lines.push(`${indent}a ${n.types.join(', ')}`);
    for (const [p, o] of n.props) lines.push(`${indent}${p} ${term(o, indent)}`);
    return lines.join(' ;\n');
  };
  while (queue.length) {
    const n = queue.shift()!;
    if (emitted.has(n.id)) continue;
    emitted.add(n.id);
    blocks.push(`<${iriSafe(n.id)}>\n${body(n, '  ')} .`);
  }
  const prefixes = Object.entries(PREFIXES).map(([k, v]) => `@prefix ${k}: <${v}> .`);
  return `${prefixes.join('\n')}\n\n${blocks.join('\n\n')}\n`;
}

type JsonLdValue =
  | string
  | { '@id': string }
  | { '@value': string; '@language'?: string; '@type'?: string }
  | JsonLdNode;
interface JsonLdNode {
  '@id'?: string;
  '@type'?: string[];
  [k: string]: unknown;
}

export function toJsonLd(roots: RdfNode[]): { '@context': Record<string, string>; '@graph': JsonLdNode[] } {
  const emitted = new Set<string>();
  const queue = [...roots];
  const graph: JsonLdNode[] = [];
  const value = (t: Term): JsonLdValue => {
    if (isLiteral(t)) {
      if (t.lang) return { '@value': t.literal, '@language': t.lang };
      if (t.datatype) return { '@value': t.literal, '@type': t.datatype };
      return t.literal;
    }
    if (isNode(t)) {
      if (isBlank(t.id)) return node(t, false);
      queue.push(t);
      return { '@id': t.id };
    }
    return { '@id': t.iri };
  };
  const node = (n: RdfNode, withId: boolean): JsonLdNode => {
    const out: JsonLdNode = {};
    if (withId) out['@id'] = n.id;
    if (n.types.length) out['@type'] = n.types;
    for (const [p, o] of n.props) {
      const arr = (out[p] as JsonLdValue[] | undefined) ?? [];
      arr.push(value(o));
      out[p] = arr;
    }
    return out;
  };
  while (queue.length) {
    const n = queue.shift()!;
    if (emitted.has(n.id)) continue;
    emitted.add(n.id);
    graph.push(node(n, true));
  }
  return { '@context': { ...PREFIXES }, '@graph': graph };
}

/** Helpers to write graphs compactly. */
export const lit = (literal: string, lang?: string): Literal => (lang ? { literal, lang } : { literal });
export const typed = (literal: string, datatype: string): Literal => ({ literal, datatype });
export const iri = (i: string): IriRef => ({ iri: i });

/** xsd datatype for a (possibly partial) ISO date. */
export function dateLiteral(s: string): Literal {
  if (/^\d{4}$/.test(s)) return typed(s, 'xsd:gYear');
  if (/^\d{4}-\d{2}$/.test(s)) return typed(s, 'xsd:gYearMonth');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return typed(s, 'xsd:date');
  return typed(new Date(s).toISOString(), 'xsd:dateTime');
}
