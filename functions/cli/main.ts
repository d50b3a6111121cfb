import { COMMANDS } from './commands/index.ts';
import { type CliIo, EXIT, UsageError } from './io.ts';

/** Entry of the `opendata` CLI: exit 0 success, 1 refused/invalid, 2 usage error. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`opendata: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
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
  return `usage: opendata <command> [options]\n\n${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n`;
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
