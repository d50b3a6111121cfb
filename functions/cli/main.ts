import { COMMANDS } from './commands/index.ts';
import { type CliIo, EXIT, UsageError } from './io.ts';
import { parseLanguage } from './language.ts';

/**
 * Entry of the `opendata` CLI: exit 0 success, 1 refused/invalid, 2 usage error. The global `--iam`
 * (anywhere in argv) is OPENDATA_AUTH=iam: sign API requests with SigV4 (AWS) instead of a bearer token.
 * The global `--lang zh|en` (anywhere in argv) is OPENDATA_LANG: the language of reports (language.ts).
 */
export async function main(rawArgv: readonly string[], rawIo: CliIo = defaultIo()): Promise<number> {
  let globals: { argv: readonly string[]; env: NodeJS.ProcessEnv };
  try {
    globals = globalOptions(rawArgv, rawIo.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    rawIo.err(`opendata: ${e.message}\n\n${usage()}`);
    return EXIT.usage;
  }
  const io: CliIo = globals.env === rawIo.env ? rawIo : { ...rawIo, env: globals.env };
  const [name, ...rest] = globals.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`opendata: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: opendata ${command.usage}\n\n  ${command.summary}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`opendata ${name}: ${e.message}\nusage: ${command.usage}`);
      return EXIT.usage;
    }
    throw e;
  }
}

/**
 * Takes the global options out of argv into the environment the commands read: `--iam` →
 * OPENDATA_AUTH=iam, `--lang <zh|en>` or `--lang=<zh|en>` → OPENDATA_LANG.
 */
function globalOptions(argv: readonly string[], env: NodeJS.ProcessEnv): { argv: string[]; env: NodeJS.ProcessEnv } {
  const rest: string[] = [];
  const set: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--iam') set.OPENDATA_AUTH = 'iam';
    else if (a === '--lang' || a.startsWith('--lang=')) {
      const value = a === '--lang' ? argv[++i] : a.slice('--lang='.length);
      if (value === undefined) throw new UsageError('--lang needs a value: zh or en');
      set.OPENDATA_LANG = parseLanguage(value);
    } else rest.push(a);
  }
  return { argv: rest, env: Object.keys(set).length ? { ...env, ...set } : env };
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return `usage: opendata [--iam] [--lang zh|en] <command> [options]\n\n${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n\nauth: OPENDATA_TOKEN (bearer, local platform); in AWS --iam or OPENDATA_AUTH=iam signs with SigV4\n(default AWS credential chain; automatic for an execute-api OPENDATA_API without a token)\nlanguage of reports: --lang zh|en or OPENDATA_LANG, else the locale (LANG=zh_CN.UTF-8 reads Chinese)\n`;
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
