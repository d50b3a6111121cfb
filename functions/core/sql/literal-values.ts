import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';

/** The number a literal (or a cast or negation of one) is. */
export function literalNumber(node: Json): number | undefined {
  if (!isObj(node)) return undefined;
  if (node.class === 'CAST') return literalNumber(node.child ?? null);
  if (node.class === 'FUNCTION' && ['-', '+'].includes(nameAt(node, 'function_name'))) {
    const children = arrayAt(node, 'children');
    if (children.length !== 1) return undefined;
    const n = literalNumber(children[0] ?? null);
    return n === undefined ? undefined : nameAt(node, 'function_name') === '-' ? -n : n;
  }
  if (node.class !== 'CONSTANT' || !isObj(node.value) || node.value.is_null === true) return undefined;
  const v = node.value.value;
  const type = isObj(node.value.type) ? node.value.type : {};
  if (typeof v === 'number') {
    const info = isObj(type.type_info) ? type.type_info : {};
    return type.id === 'DECIMAL' ? v / 10 ** Number(info.scale ?? 0) : v;
  }
  if (isObj(v)) return Number(v.upper ?? 0) * 2 ** 64 + Number(v.lower ?? 0); // HUGEINT
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return undefined;
}

/** The text a string literal (or a cast of one to text) is. */
export function literalText(node: Obj): string | undefined {
  if (node.class === 'CAST' && isObj(node.cast_type) && node.cast_type.id === 'VARCHAR' && isObj(node.child)) {
    return literalText(node.child);
  }
  if (node.class !== 'CONSTANT' || !isObj(node.value)) return undefined;
  const type = isObj(node.value.type) ? node.value.type : {};
  return type.id === 'VARCHAR' && typeof node.value.value === 'string' ? node.value.value : undefined;
}
