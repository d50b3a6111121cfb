/**
 * A path on this site (`/datasets/<id>/`, `/requests/#r-1`): it starts with one `/` and holds no
 * backslash or whitespace. `//host/…` is protocol-relative and browsers read `/\host` as `//host`, so
 * either one, though it looks like a path, leads to another origin. The one rule for every link or
 * redirect the platform takes as "a site path" (a form's `returnTo`, a data request's `link`).
 */
export function isSitePath(s: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(s);
}
