/** What a CAST builds (value-size.ts), by the type it casts to. */

import { arrayAt, isObj, nameAt, type Obj } from './sql-tree.ts';
import {
  ELEMENT_BYTES,
  FIXED_BYTES,
  fixedSize,
  JSON_FACTOR,
  nestedSize,
  plusBytes,
  printedSize,
  type Size,
  scaleSize,
  utf8Bytes,
} from './value-size.ts';

/** Types whose values have a fixed size. */
const FIXED_TYPES = new Set(
  'BOOLEAN TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT FLOAT DOUBLE DECIMAL DATE TIME TIMESTAMP TIMESTAMP_S TIMESTAMP_MS TIMESTAMP_NS INTERVAL UUID NULL'
    .split(' ')
    .concat(['TIMESTAMP WITH TIME ZONE', 'TIME WITH TIME ZONE']),
);
/** A list made by a cast is at most this many times the text it is read from (an element of a fixed-size type from a character of it). */
const CAST_LIST_FACTOR = FIXED_BYTES + ELEMENT_BYTES;

/** A value of `child`'s size cast to `type`; undefined for a type client SQL may not make (ENUM, UNION, VARIANT…). */
export function castSize(type: Obj, child: Size): Size | undefined {
  const id = String(type.id ?? '');
  const info = isObj(type.type_info) ? type.type_info : undefined;
  if (FIXED_TYPES.has(id)) return fixedSize(FIXED_BYTES, child.perRow);
  if (id === 'VARCHAR') return printedSize(child);
  if (id === 'UNBOUND' && info && nameAt(info, 'name') === 'json') {
    return plusBytes(scaleSize({ ...child, fixed: false, depth: 0 }, JSON_FACTOR), 2);
  }
  if ((id === 'BLOB' || id === 'BIT') && !info?.alias) {
    const bits = plusBytes({ ...child, fixed: false }, id === 'BIT' ? 128 : 0);
    return id === 'BLOB' ? nestedSize(bits, Math.max(1, child.depth)) : bits;
  }
  if (['LIST', 'ARRAY', 'STRUCT', 'MAP'].includes(id)) {
    const own = typeBytes(type);
    if (own !== undefined) {
      return nestedSize(plusBytes(scaleSize({ ...child, fixed: false }, CAST_LIST_FACTOR), own), typeDepth(type));
    }
  }
  return undefined;
}

/**
 * What a LIST, ARRAY, STRUCT or MAP type adds to a cast's result by itself: field names, and the
 * elements of fixed-size arrays (`NULL::INT[1000]` holds 1,000). Undefined for a type that holds a kind
 * /v1/sql refuses.
 */
function typeBytes(type: Obj): number | undefined {
  const id = String(type.id ?? '');
  const info = isObj(type.type_info) ? type.type_info : {};
  if (FIXED_TYPES.has(id) || id === 'VARCHAR' || id === 'BLOB' || id === 'BIT') return info.alias ? undefined : 0;
  if (id === 'LIST' || id === 'MAP' || id === 'ARRAY') {
    const child = isObj(info.child_type) ? typeBytes(info.child_type) : 0;
    if (child === undefined) return undefined;
    const size = id === 'ARRAY' ? Number(info.size ?? 1) : 1;
    return id === 'ARRAY' ? size * Math.max(FIXED_BYTES, child + ELEMENT_BYTES) : child;
  }
  if (id === 'STRUCT') {
    let total = 0;
    for (const c of arrayAt(info, 'child_types')) {
      if (!isObj(c)) continue;
      const child = isObj(c.second) ? typeBytes(c.second) : 0;
      if (child === undefined) return undefined;
      total += utf8Bytes(String(c.first ?? '')) + child;
    }
    return total;
  }
  return undefined;
}

/** How deep a type nests lists, structs and maps (a blob counts one). */
function typeDepth(type: Obj): number {
  const id = String(type.id ?? '');
  const info = isObj(type.type_info) ? type.type_info : {};
  if (id === 'BLOB') return 1;
  if (id === 'LIST' || id === 'MAP' || id === 'ARRAY')
    return 1 + (isObj(info.child_type) ? typeDepth(info.child_type) : 0);
  if (id === 'STRUCT') {
    const children = arrayAt(info, 'child_types').map((c) => (isObj(c) && isObj(c.second) ? typeDepth(c.second) : 0));
    return 1 + Math.max(0, ...children);
  }
  return 0;
}

/** The type as messages name it. */
export function typeName(type: Obj): string {
  const info = isObj(type.type_info) ? type.type_info : {};
  return String(info.alias || info.name || type.id || 'this type').toUpperCase();
}
