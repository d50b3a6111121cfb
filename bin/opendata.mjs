#!/usr/bin/env node
// The `opendata` CLI. Runs the TypeScript sources directly on Node >= 22 (type stripping).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `opendata needs Node >= 22 (found ${process.versions.node}); run it through npm: npm run opendata -- <command>`,
  );
  process.exit(2);
}
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
