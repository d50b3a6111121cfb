// Minimal typings for the untyped RDF libraries used by the DCAT tests.
declare module 'jsonld' {
  const jsonld: {
    toRDF(
      doc: unknown,
      options: { format: 'application/n-quads'; documentLoader?: (url: string) => Promise<never> },
    ): Promise<string>;
  };
  export default jsonld;
}
declare module 'n3' {
  import type { Quad } from '@rdfjs/types';
  export class Parser {
    constructor(options?: { format?: string });
    parse(input: string): Quad[];
  }
}
