// A headless Chromium for the browser tests (test/e2e): the browser findChromium() picks, a fresh
// throwaway profile, and a close that removes the profile. Callers close it before the server: open
// event streams would keep the server from closing.
import { mkdtempSync, rmSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';

/** The browser tests' `skip` option: PARLEY_SKIP_E2E=1 skips them explicitly. */
export const skipBrowserTests = process.env.PARLEY_SKIP_E2E === '1' ? 'PARLEY_SKIP_E2E=1' : false;

export interface TestBrowser {
  context: BrowserContext;
  /** Where the browser came from, for the test's output. */
  source: string;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  const found = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-chromium-'));
  try {
    // launchPersistentContext is how Playwright takes a --user-data-dir: a fresh, throwaway profile.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: found.executablePath,
      env: found.env,
      headless: true,
      viewport,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    context.setDefaultTimeout(20_000);
    return {
      context,
      source: found.source,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A demo server and a browser for one test, both closed when it ends, the browser first: its event
 * streams would keep the server from closing.
 */
export async function serverAndBrowser(t: TestContext, options?: TestServerOptions): Promise<{ server: TestServer; browser: TestBrowser }> {
  const server = await startTestServer(options);
  let browser: TestBrowser | undefined;
  t.after(async () => {
    await browser?.close();
    await server.close();
  });
  browser = await launchBrowser();
  t.diagnostic(`browser: ${browser.source}`);
  return { server, browser };
}

/** Fails loudly on anything a page does that a user would never see as a test failure. */
export function watchPage(page: Page, name: string, problems: string[]): void {
  page.on('pageerror', (err) => problems.push(`${name}: uncaught ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`${name}: a dialog opened (${dialog.message()}): visitor text was run as code`);
    void dialog.dismiss();
  });
}
