#!/usr/bin/env node
// The `opendata` CLI. Runs the TypeScript sources directly on a Node that strips types by default
// (22.18+, 23.6+, 24+).
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18))) {
  console.error(
    `opendata needs Node >= 22.18 (found ${process.versions.node}); run it through npm: npm run opendata -- <command>`,
  );
  process.exit(2);
}
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
