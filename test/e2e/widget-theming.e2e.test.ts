// Browser test of the widget's settings (docs/widget.md, "Theming and words"): a shop's page embeds
// widget.js with data- attributes, under the same strict CSP as Parley's own pages. Valid values
// change the colour, side, title, bot name, launcher and strings; hostile or malformed ones are
// ignored with a console warning and the defaults stay; text settings are shown as text only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src/channels/pages.js';
import { serverAndBrowser, skipBrowserTests, watchPage } from '../helpers/browser.js';

const CSP = Object.entries(CONTENT_SECURITY_POLICY).map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
const DEFAULT_ACCENT = 'rgb(55, 48, 163)'; // #3730a3

/** A shop's help page at `path` on the server's origin, embedding the widget with `attributes`. */
async function shopPage(page: Page, base: string, path: string, attributes: string): Promise<void> {
  await page.route(base + path, (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Shop</title>
<script src="/widget.js" ${attributes} defer></script></head><body><h1>Aide</h1></body></html>`,
  }));
  await page.goto(base + path);
}

// Runs in the page; the project's tsconfig has no DOM types, hence the narrow cast.
type Computed = { getComputedStyle(element: unknown): Record<string, string> };
const style = (el: Locator, property: string) =>
  el.evaluate((node, name) => (globalThis as unknown as Computed).getComputedStyle(node)[name] ?? '', property);

test('widget settings: colour, side, title, names and strings from data- attributes; hostile values ignored', {
  skip: skipBrowserTests,
  timeout: 120_000,
}, async (t) => {
  const { server, browser } = await serverAndBrowser(t);
  const problems: string[] = [];

  // ---- a shop's own look and words ----
  const shop = await browser.context.newPage();
  watchPage(shop, 'themed', problems);
  // A CSP refusal or a warning about a valid setting would show here (the aborted request below logs its own failure).
  shop.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')) problems.push(`themed: console ${m.type()}: ${m.text()}`);
  });
  await shopPage(shop, server.url, '/shop-help.html', [
    'data-title="Acme &lt;b&gt;aide&lt;/b&gt;"', 'data-bot-name="Robo Acme"', 'data-launcher-text="Une question ?"',
    'data-accent="#0F766E"', 'data-position="bottom-left"', 'data-text-placeholder="Écrivez votre message…"',
    'data-text-send="Envoyer"', 'data-text-status-bot="Assistant Acme"', 'data-text-open-label="Ouvrir le chat"',
    'data-text-bot-label="{bot} (assistant)"', 'data-text-unreachable="Le support Acme est injoignable."',
  ].join(' '));
  const launcher = shop.getByRole('button', { name: 'Ouvrir le chat' });
  assert.equal((await launcher.textContent())?.trim(), 'Une question ?');
  assert.equal(await style(launcher, 'backgroundColor'), 'rgb(15, 118, 110)');
  assert.equal(await style(launcher, 'color'), 'rgb(255, 255, 255)', 'white reads on a dark accent');
  const box = await launcher.boundingBox();
  assert.ok(box && box.x < 100, `bottom-left: the launcher is on the left (x=${box?.x})`);

  await launcher.click();
  const title = shop.locator('#parley-title');
  assert.equal(await title.textContent(), 'Acme <b>aide</b>', 'a setting is text, never markup');
  assert.equal(await shop.locator('#parley-widget b').count(), 0);
  assert.equal(await shop.locator('#parley-sub').textContent(), 'Assistant Acme');
  assert.equal(await style(shop.locator('header'), 'backgroundColor'), 'rgb(15, 118, 110)');
  const input = shop.getByRole('textbox', { name: 'Message' });
  assert.equal(await input.getAttribute('placeholder'), 'Écrivez votre message…');
  assert.equal((await shop.locator('.send').textContent()), 'Envoyer');
  const log = shop.getByRole('log', { name: 'Conversation' });
  await log.locator('[data-from=bot] .who').first().filter({ hasText: 'Robo Acme (assistant)' }).waitFor();

  await input.fill('bonjour');
  await input.press('Enter');
  const mine = log.locator('[data-from=user]').filter({ hasText: 'bonjour' });
  await mine.waitFor();
  assert.equal(await style(mine, 'backgroundColor'), 'rgb(15, 118, 110)');
  await log.locator('.pending').waitFor({ state: 'detached' });

  // The server cannot be reached: the shop's own words say so.
  await shop.route('**/v1/conversations/*/messages', (route) => route.abort());
  await input.fill('encore là ?');
  await input.press('Enter');
  await shop.locator('.note.err').filter({ hasText: 'Le support Acme est injoignable.' }).waitFor();

  // ---- hostile and malformed values: ignored, defaults kept, nothing fetched ----
  const hostile = await browser.context.newPage();
  const warnings: string[] = [];
  const requested: string[] = [];
  watchPage(hostile, 'hostile', problems);
  hostile.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
    else if (m.type() === 'error') problems.push(`hostile: console error: ${m.text()}`);
  });
  hostile.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await shopPage(hostile, server.url, '/hostile-help.html', [
    'data-accent="red;background:url(x)"', 'data-position="top-left"', `data-title="${'x'.repeat(81)}"`,
    'data-bot-name="Evil&#7;bot"', 'data-text-send=""', 'data-text-sendd="Typo"',
  ].join(' '));
  const plain = hostile.getByRole('button', { name: 'Open support chat' });
  assert.equal((await plain.textContent())?.trim(), 'Chat with us');
  assert.equal(await style(plain, 'backgroundColor'), DEFAULT_ACCENT, 'a value that is more than a colour is ignored');
  const plainBox = await plain.boundingBox();
  assert.ok(plainBox && plainBox.x > 640, `an unknown position keeps bottom-right (x=${plainBox?.x})`);
  await plain.click();
  assert.equal(await hostile.locator('#parley-title').textContent(), 'Support chat');
  assert.equal(await hostile.locator('.send').textContent(), 'Send');
  await hostile.locator('[data-from=bot] .who').first().filter({ hasText: 'Parley (bot)' }).waitFor();
  for (const name of ['data-accent', 'data-position', 'data-title', 'data-bot-name', 'data-text-send', 'data-text-sendd']) {
    assert.ok(warnings.some((w) => w.startsWith(`Parley widget: ${name} ignored`)), `${name} is reported: ${warnings.join(' | ')}`);
  }
  assert.ok(!requested.some((p) => p === '/x'), 'url(x) was never fetched');

  assert.deepEqual(problems, []);
});
