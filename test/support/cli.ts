import { main } from '../../functions/cli/main.ts';

/**
 * Runs the `opendata` CLI in-process with `env` as its whole environment (so the machine's LANG does not
 * choose the language): the exit code, and what it wrote to stdout and stderr.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), env, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
