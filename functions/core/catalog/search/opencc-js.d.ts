/**
 * opencc-js ships its dictionaries as ES modules (`dist/esm-lib/dict/*.js`, reached through the
 * package's `./*` export) without type declarations: each is one string of `from to` pairs joined by `|`.
 */
declare module 'opencc-js/dict/TSCharacters' {
  const dict: string;
  export default dict;
}
