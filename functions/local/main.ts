import { dataDirOf, start } from './platform.ts';

/** `npm start`: the local platform with sample data, site and API on http://localhost:8787. */
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}
/** File-system errors on the data folder, said as what to fix. */
const DATA_DIR_PROBLEMS: Readonly<Record<string, string>> = {
  EEXIST: 'a file of that name is in the way (it must be a folder)',
  ENOTDIR: 'part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};
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
  // Only an error on the data folder's own path (or a folder above it) is about OPENDATA_DATA_DIR.
  const dataDir = dataDirOf(process.env.OPENDATA_DATA_DIR);
  const onDataDir =
    err.path !== undefined &&
    (dataDir === err.path || dataDir.startsWith(`${err.path}/`) || err.path.startsWith(`${dataDir}/`));
  const dataProblem = onDataDir ? DATA_DIR_PROBLEMS[err.code ?? ''] : undefined;
  if (err.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Stop the other process or choose another port: PORT=8788 npm start`);
  } else if (err.code === 'EADDRNOTAVAIL') {
    console.error(
      `HOST ${process.env.HOST} is not an address of this machine: leave HOST unset (127.0.0.1) or use 0.0.0.0`,
    );
  } else if (dataProblem) {
    console.error(
      `Cannot use ${err.path} for the platform's data: ${dataProblem}. Set OPENDATA_DATA_DIR to a folder you can write (default .data in the repository).`,
    );
  } else {
    console.error(e);
  }
  process.exit(1);
}
