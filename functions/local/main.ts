import { start } from './platform.ts';

/** `npm start`: the local platform with sample data, site and API on http://localhost:8787. */
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}
const t0 = Date.now();
try {
  const platform = await start({ port, dataDir: process.env.OPENDATA_DATA_DIR, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`
Open-data platform running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s), data in ${platform.dataDir}
  Catalogue site   ${platform.url}/
  API              ${platform.url}/v1/datasets
  Health           ${platform.url}/v1/health
Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    await platform.stop();
    console.log('Stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Stop the other process or choose another port: PORT=8788 npm start`);
  } else {
    console.error(e);
  }
  process.exit(1);
}
