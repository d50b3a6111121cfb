import { COMMANDS } from './commands/index.ts';
import { type CliIo, EXIT, UsageError } from './io.ts';

/**
 * Entry of the `opendata` CLI: exit 0 success, 1 refused/invalid, 2 usage error. The global `--iam`
 * (anywhere in argv) is OPENDATA_AUTH=iam: sign API requests with SigV4 (AWS) instead of a bearer token.
 */
export async function main(rawArgv: readonly string[], rawIo: CliIo = defaultIo()): Promise<number> {
  const iam = rawArgv.includes('--iam');
  const io: CliIo = iam ? { ...rawIo, env: { ...rawIo.env, OPENDATA_AUTH: 'iam' } } : rawIo;
  const [name, ...rest] = iam ? rawArgv.filter((a) => a !== '--iam') : rawArgv;
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

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return `usage: opendata [--iam] <command> [options]\n\n${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n\nauth: OPENDATA_TOKEN (bearer, local platform); in AWS --iam or OPENDATA_AUTH=iam signs with SigV4\n(default AWS credential chain; automatic for an execute-api OPENDATA_API without a token)\n`;
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
