import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The DuckDB binding for the Lambda platform DuckDB handlers run on (x86_64, glibc). */
const PLATFORM_BINDING = '@duckdb/node-bindings-linux-x64';

function readPackage(root: string, name: string): { version: string; dependencies?: Record<string, string> } {
  const file = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) {
    throw new Error(
      `DuckDB handler bundling: ${name} is not installed in node_modules. ` +
        `Hint: run \`npm install\` on linux-x64, or add the Lambda binding with ` +
        `\`npm install --no-save --os=linux --cpu=x64 ${PLATFORM_BINDING}\`.`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The packages to ship beside a DuckDB handler's bundle: @duckdb/node-api, its runtime dependencies,
 * and the linux-x64 native binding (an optional dependency chosen at install time).
 *
 * Why copied from node_modules rather than `bundling.nodeModules`: that option runs `npm ci` in the
 * asset with the project's lockfile, which records only this machine's platform binding, so npm
 * refuses it ("Missing: @duckdb/node-bindings-darwin-arm64 from lock file") — and it would need the
 * registry during synth. Copying the already-installed, lock-pinned packages is offline and exact.
 */
export function duckdbPackages(root: string): string[] {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    for (const dep of Object.keys(readPackage(root, name).dependencies ?? {})) visit(dep);
  };
  visit('@duckdb/node-api');
  visit(PLATFORM_BINDING);
  return [...out].sort();
}

/** Shell commands (run by NodejsFunction after esbuild) copying the packages into the asset. */
export function copyPackagesCommands(inputDir: string, outputDir: string, packages: readonly string[]): string[] {
  return packages.flatMap((p) => [
    `mkdir -p "${join(outputDir, 'node_modules', p, '..')}"`,
    `cp -R "${join(inputDir, 'node_modules', p)}" "${join(outputDir, 'node_modules', p)}"`,
  ]);
}
