import { compileAthena } from '../../../functions/core/query/compile-athena.ts';
import { compileDuckDb } from '../../../functions/core/query/compile-duckdb.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { FIELDS, PRIMARY_KEY } from './fixture-fields.ts';

/** Parse + compile a query-string record against the fixture schema. */
export const duck = (params: Record<string, string>, primaryKey = PRIMARY_KEY) =>
  compileDuckDb(parseQueryParams(params, FIELDS, primaryKey), FIELDS);

export const athena = (params: Record<string, string>, primaryKey = PRIMARY_KEY) =>
  compileAthena(parseQueryParams(params, FIELDS, primaryKey), FIELDS);
