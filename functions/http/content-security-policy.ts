/**
 * The catalogue site's Content-Security-Policy, one definition for CloudFront (infra/) and the local
 * platform. Scripts only from files on our origin ('wasm-unsafe-eval' for Pagefind's WebAssembly;
 * no inline scripts: the site build emits scripts as files); Astro inlines small style blocks.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
