/** The JSON of DuckDB's parse tree (`json_serialize_sql`), as the inspectors read it. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The array at `key`, or an empty one. */
export const arrayAt = (node: Obj, key: string): Json[] => {
  const v = node[key];
  return Array.isArray(v) ? v : [];
};

/** The lower-cased text at `key`, or ''. */
export const nameAt = (node: Obj, key: string): string => {
  const v = node[key];
  return typeof v === 'string' ? v.toLowerCase() : '';
};
