// Loads one bundled Lambda function the way the Node.js runtime does (an ES module `index.mjs` in
// its own directory, `handler` export) and invokes it once. Usage:
//   node invoke-bundle.mjs <asset dir> <event JSON> [duckdb]
// Prints one JSON line: {"loaded": true, "result": …} or {"loaded": false, "error": "…"}; with the
// third argument, also runs `SELECT 42` through the asset's own @duckdb/node-api ("duckdb": 42).
import dns from 'node:dns';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// RFC 6761: `*.localhost` is the loopback address. glibc does not resolve it, and the CloudFront
// KeyValueStore client names its endpoint `<account id>.<endpoint host>` (the stand-in: <id>.localhost).
const lookup = dns.lookup;
dns.lookup = (hostname, options, callback) =>
  typeof hostname === 'string' && hostname.endsWith('.localhost')
    ? lookup('127.0.0.1', options, callback)
    : lookup(hostname, options, callback);

const [dir, eventJson, duckdb] = process.argv.slice(2);
const out = {};
try {
  const mod = await import(pathToFileURL(join(dir, 'index.mjs')).href);
  if (typeof mod.handler !== 'function') throw new Error('index.mjs exports no handler function');
  out.loaded = true;
  if (duckdb) {
    // Resolved from the asset directory, as the bundle's own import is.
    const api = await import(createRequire(join(dir, 'index.mjs')).resolve('@duckdb/node-api'));
    const instance = await api.DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT 42 AS answer');
    out.duckdb = Number(reader.getRowObjects()[0].answer);
    connection.closeSync();
  }
  if (eventJson !== 'null') {
    const context = {
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      awsRequestId: 'bundle-smoke',
      getRemainingTimeInMillis: () => 30_000,
      callbackWaitsForEmptyEventLoop: true,
    };
    out.result = await mod.handler(JSON.parse(eventJson), context);
  }
} catch (e) {
  out.loaded ??= false;
  out.error = `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? e}`;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
