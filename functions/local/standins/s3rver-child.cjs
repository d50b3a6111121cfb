// Runs s3rver in its own process: it needs --openssl-legacy-provider for paginated listings
// (see shared stack notes). Prints {"port": N} once listening, then one {"event": …} line per S3 event
// notification s3rver raises (object created/removed); exits when stdin closes.
const S3rver = require('s3rver');
const [directory, buckets] = process.argv.slice(2);
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: buckets.split(',').map((name) => ({ name })),
});
server.on('event', (event) => process.stdout.write(`${JSON.stringify({ event })}\n`));
server.run((err, addr) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
