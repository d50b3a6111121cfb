import type { Language } from '../core/manifest/localized.ts';
import { COMMANDS } from './commands/index.ts';
import { helpLines } from './help-lines.ts';
import { type CliIo, EXIT, UsageError } from './io.ts';
import { cliLanguage, fallbackLanguage, parseLanguage } from './language.ts';

/**
 * Entry of the `opendata` CLI: exit 0 success, 1 refused/invalid, 2 usage error. The global `--iam`
 * (anywhere in argv) is OPENDATA_AUTH=iam: sign API requests with SigV4 (AWS) instead of a bearer token.
 * The global `--lang zh|en` (anywhere in argv) is OPENDATA_LANG: the language of reports, help and usage
 * errors (language.ts, help-lines.ts).
 */
export async function main(rawArgv: readonly string[], rawIo: CliIo = defaultIo()): Promise<number> {
  let globals: { argv: readonly string[]; env: NodeJS.ProcessEnv };
  let lang: Language;
  try {
    globals = globalOptions(rawArgv, rawIo.env);
    lang = cliLanguage(globals.env); // an OPENDATA_LANG of the environment is checked here too
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // The language is what is wrong: the error says it in both, the help follows the rest of the environment.
    rawIo.err(helpLines(fallbackLanguage(rawIo.env)).usageError(e));
    return EXIT.usage;
  }
  const t = helpLines(lang);
  const io: CliIo = globals.env === rawIo.env ? rawIo : { ...rawIo, env: globals.env };
  const [name, ...rest] = globals.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(t.help);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(t.unknownCommand(name));
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(t.command(command));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(t.usageError(e, command));
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
      if (value === undefined)
        throw new UsageError('--lang needs a value: zh or en', '--lang 后面需要一个值：zh 或 en', { bilingual: true });
      set.OPENDATA_LANG = parseLanguage(value);
    } else rest.push(a);
  }
  return { argv: rest, env: Object.keys(set).length ? { ...env, ...set } : env };
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
