import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the canonical form hashed for manifests and the audit chain. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * The manifest's identity: sha256 (hex) of its canonical JSON. Stored with every release and version
 * (`manifestSha256`), so a version's manifest can be recognised, and an unchanged one skipped.
 */
export function manifestSha256(manifest: unknown): string {
  return createHash('sha256').update(canonicalJson(manifest)).digest('hex');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
