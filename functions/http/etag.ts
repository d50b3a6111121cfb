/**
 * Whether an If-Match / If-None-Match value (`*` or a list of entity tags) names `etag`.
 * RFC 9110 13.1.1: `*` matches any current representation; 8.8.3.2: strong comparison needs both tags
 * strong, weak comparison only the same opaque tag (`W/"x"` matches `"x"`).
 */
export function etagMatches(
  value: string | string[],
  etag: string | undefined,
  comparison: 'strong' | 'weak',
): boolean {
  const text = Array.isArray(value) ? value.join(',') : value;
  if (text.trim() === '*') return true;
  if (!etag) return false;
  for (const [, weak, opaque] of text.matchAll(/\s*(W\/)?("[^"]*")\s*(?:,|$)/g)) {
    if (opaque === etag && (comparison === 'weak' || !weak)) return true;
  }
  return false;
}
