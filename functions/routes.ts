/**
 * The API's route table: the ONE place that says which handler serves which route. The CDK stack
 * builds API Gateway routes and one Lambda function per handler from it; the local platform routes
 * its HTTP requests through the same table to the same handler modules.
 */

export type Auth = 'public' | 'iam';

export interface HandlerSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Loads the DuckDB native binding (bundled as an external node module, x86_64). */
  readonly duckdb: boolean;
  /** Human description for the console and docs. */
  readonly description: string;
}

export const HANDLERS = {
  health: {
    entry: 'functions/handlers/health.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    duckdb: false,
    description: 'Liveness and running version',
  },
  catalog: {
    entry: 'functions/handlers/catalog.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Catalogue API: datasets and versions',
  },
  download: {
    entry: 'functions/handlers/download.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Downloads: redirects to the immutable artifact',
  },
  query: {
    entry: 'functions/handlers/query.ts',
    memoryMb: 2048,
    timeoutSeconds: 30,
    duckdb: true,
    description: 'Query API over published Parquet',
  },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a segment, `{proxy+}` for the rest. */
  readonly path: string;
  readonly handler: HandlerName;
  readonly auth: Auth;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', handler: 'health', auth: 'public' },
  { method: 'GET', path: '/v1/datasets', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions/{version}', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions/{version}/{file}', handler: 'download', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/query', handler: 'query', auth: 'public' },
  { method: 'POST', path: '/v1/datasets/{id}/query', handler: 'query', auth: 'public' },
];
