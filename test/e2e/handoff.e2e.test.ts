// Browser test of the human handoff, end to end: the real service in demo mode, headless Chromium,
// the help-site widget on `/` and the agent console on `/console`.
//   a visitor asks for a person → an agent claims and answers → the visitor sees the answer;
//   a visitor message containing HTML reaches the console as text, never as markup.
// Screenshots go to test-artifacts/ (CI artifacts); with PARLEY_UPDATE_SCREENSHOTS=1 they also
// replace docs/img/ (the README's pictures), so an ordinary run never changes tracked files.
// The browser is CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the npm registry's
// @sparticuz/chromium (test/helpers/chromium.ts); PARLEY_SKIP_E2E=1 skips the test explicitly.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { serverAndBrowser, skipBrowserTests, watchPage } from '../helpers/browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const DOCS_IMG = join(ROOT, 'docs', 'img');
const HTML_PROBE = '<img src=x onerror=alert(1)><b>bold</b>';
const AGENT_REPLY = "Hi, I'm Sam from support";

async function screenshot(page: Page, file: string): Promise<void> {
  const path = join(ARTIFACTS, file);
  await page.screenshot({ path });
  if (process.env.PARLEY_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(DOCS_IMG, { recursive: true });
  copyFileSync(path, join(DOCS_IMG, file));
}

test('handoff in the browser: widget → console → widget, visitor HTML stays text', {
  skip: skipBrowserTests,
  timeout: 120_000, // under the runner's per-file limit (scripts/run-tests.mjs), so this message comes first
}, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });

  const { server, browser } = await serverAndBrowser(t);
  const token = await server.createAgentToken('sam', 'Sam K.'); // visitors see the display name, the console the login

  const problems: string[] = [];
  const visitor = await browser.context.newPage();
  const agent = await browser.context.newPage();
  watchPage(visitor, 'widget', problems);
  watchPage(agent, 'console', problems);

  try {
    // ---- the visitor asks for a person ----
    await visitor.goto(server.url + '/');
    await visitor.getByRole('button', { name: 'Open support chat' }).click();
    const widgetLog = visitor.getByRole('log', { name: 'Conversation' });
    const input = visitor.getByRole('textbox', { name: 'Message' });
    await input.fill('I want to talk to a person');
    await input.press('Enter');
    // A bot or system message after the visitor's one says that a person will join.
    await widgetLog
      .locator('[data-from=user] ~ [data-from=bot], [data-from=user] ~ [data-from=system]')
      .filter({ hasText: /person|agent|human|team|someone|colleague/i })
      .first()
      .waitFor();
    await visitor.locator('#parley-sub').filter({ hasText: /support agent/i }).waitFor(); // queued or assigned
    // Page code as a string: the project's tsconfig has no DOM types. (evaluate runs it through
    // DevTools, so the page's CSP, which forbids eval, does not apply; waitForFunction would be blocked.)
    const conversationId = await visitor.evaluate<string | undefined>(
      `(() => { const k = Object.keys(localStorage).find((k) => k.startsWith('parley:') && !k.endsWith(':open'));
        return k ? JSON.parse(localStorage.getItem(k)).id : undefined; })()`);
    assert.ok(conversationId, 'the widget keeps its conversation in localStorage');

    // ---- the agent signs in, claims it and answers ----
    await agent.goto(server.url + '/console');
    await agent.getByLabel('Agent token').fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    const item = agent.locator(`#queued .item[data-conversation-id="${conversationId}"]`);
    await item.click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await agent.locator('#status-badge').filter({ hasText: 'Assigned to you' }).waitFor();
    const reply = agent.getByRole('textbox', { name: 'Reply to the visitor' });
    await reply.fill(AGENT_REPLY);
    await reply.press('Enter');
    const transcript = agent.getByRole('log', { name: 'Transcript' });
    await transcript.locator('[data-from=agent]').filter({ hasText: AGENT_REPLY }).waitFor();

    // ---- the visitor sees the answer, live, from the agent's display name ----
    const answer = widgetLog.locator('[data-from=agent]').filter({ hasText: AGENT_REPLY });
    await answer.waitFor();
    assert.equal(await answer.locator('.who').textContent(), 'Sam K. · Support agent');
    await widgetLog.locator('[data-from=system]').filter({ hasText: 'Sam K. from the support team joined the chat.' }).waitFor();
    assert.match(await transcript.locator('[data-from=agent] .who').first().textContent() ?? '', /^sam \(as Sam K\.\)/);

    // ---- visitor HTML reaches the console as text ----
    await input.fill(HTML_PROBE);
    await input.press('Enter');
    const probe = transcript.locator('[data-from=user]').filter({ hasText: '<img src=x' });
    await probe.waitFor();
    assert.ok((await probe.textContent())?.includes(HTML_PROBE), 'the console shows the visitor HTML literally');
    assert.equal(await transcript.locator('img').count(), 0, 'no <img> element was created in the console transcript');
    assert.equal(await transcript.locator('b').count(), 0, 'no <b> element was created in the console transcript');
    assert.equal(await widgetLog.locator('img, b').count(), 0, 'the widget shows it as text too');
    // Let the widget finish sending before the picture is taken.
    await widgetLog.locator('.pending').waitFor({ state: 'detached' });

    await visitor.bringToFront();
    await screenshot(visitor, 'widget.png');
    await agent.bringToFront();
    await screenshot(agent, 'console.png');

    // ---- resolving hands the conversation back to the bot ----
    await agent.getByRole('button', { name: 'Resolve and hand back to the bot' }).click();
    await agent.locator('#status-badge').filter({ hasText: 'Resolved' }).waitFor();

    assert.deepEqual(problems, []);
  } catch (err) {
    // Pictures of the moment it failed make a CI failure readable.
    await visitor.screenshot({ path: join(ARTIFACTS, 'failure-widget.png') }).catch(() => undefined);
    await agent.screenshot({ path: join(ARTIFACTS, 'failure-console.png') }).catch(() => undefined);
    if (problems.length) throw new Error(`${(err as Error).message}\npage problems:\n${problems.join('\n')}`, { cause: err });
    throw err;
  }
});
