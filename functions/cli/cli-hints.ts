/**
 * The API's hints name its routes ("see GET /v1/releases/r-1"), which is right for a department's CI
 * calling it. Someone at the CLI has a command for some of them: printProblem rewrites those, so the
 * hint says what to type. Routes with no command are left as they are.
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  // Already said as a command (the platform sign-off hint): the route in brackets is noise here.
  [/ \(POST \/v1\/releases\/[a-z0-9][a-z0-9-]*\/approve\)/g, ''],
  [/`?GET \/v1\/releases\/([a-z0-9][a-z0-9-]*)`?/g, '`opendata status $1`'],
  [/`?GET \/v1\/releases\?dataset=([a-z0-9][a-z0-9-]*)`?/g, '`opendata status --dataset $1`'],
  [/`?GET \/v1\/releases`?(?![\w/?])/g, '`opendata status`'],
];

/** A hint of the API as the CLI user acts on it. */
export function cliHint(hint: string): string {
  return REWRITES.reduce((h, [pattern, command]) => h.replace(pattern, command), hint);
}
