import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '/work/main/test/e2e/static-server.ts';
const root = process.argv[2]!;
const server = await serveStatic(root);
for (const p of process.argv.slice(3)) {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'], userDataDir: mkdtempSync(join(tmpdir(),'lhq-')) });
  const r = await lighthouse(server.url + p, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance','accessibility','best-practices','seo'] });
  const lhr = r!.lhr;
  console.log(p, Object.fromEntries(Object.values(lhr.categories).map(c => [c.id, c.score])));
  for (const c of Object.values(lhr.categories)) for (const a of c.auditRefs) { const au = lhr.audits[a.id]!; if (au.score !== null && au.score < 1 && (a.weight > 0 || c.id==='performance')) console.log('  ', c.id, a.id, au.score, au.displayValue ?? '', JSON.stringify((au.details as any)?.items?.slice?.(0,3) ?? '').slice(0,400)); }
  chrome.kill();
}
await server.close();
