import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run: `apt-get install chromium fonts-noto-cjk`). */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed network: no background fetches, no component updates
 * (their connections would be refused here), no sandbox (tests run as root in CI).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** A fresh persistent context in `profileDir` (a new, empty user-data dir for each run). */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 900 },
  });
}
