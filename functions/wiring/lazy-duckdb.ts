import type { DuckDbQueryEngine } from '../adapters/duckdb/duckdb-query-engine.ts';
import type { CompiledSql, QueryEngine, QueryOptions, QueryResult, TableRef } from '../ports/query-engine.ts';
import type { ProcessedRelease, ReleaseProcessor } from '../ports/release-processor.ts';

/**
 * DuckDB's native binding ships only with the functions that need it (x86_64); the others must not
 * load it at cold start. These wrappers import the DuckDB adapters on first use.
 */
export function lazyQueryEngine(options: ConstructorParameters<typeof DuckDbQueryEngine>[0]): QueryEngine {
  let engine: Promise<QueryEngine> | undefined;
  return {
    run: async (
      tables: Readonly<Record<string, TableRef>>,
      query: CompiledSql,
      opts: QueryOptions,
    ): Promise<QueryResult> => {
      engine ??= import('../adapters/duckdb/duckdb-query-engine.ts').then((m) => new m.DuckDbQueryEngine(options));
      return (await engine).run(tables, query, opts);
    },
  };
}

export function lazyReleaseProcessor(options: { memoryLimit?: string; threads?: number }): ReleaseProcessor {
  let processor: Promise<ReleaseProcessor> | undefined;
  return {
    process: async (input): Promise<ProcessedRelease> => {
      processor ??= import('../adapters/duckdb/duckdb-release-processor.ts').then(
        (m) => new m.DuckDbReleaseProcessor(options),
      );
      return (await processor).process(input);
    },
  };
}
