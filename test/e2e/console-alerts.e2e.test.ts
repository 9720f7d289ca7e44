// Browser test of how agents notice a waiting visitor (docs/handoff.md, "Noticing a waiting
// visitor"): the console asks for notification permission at sign-in, then chimes and shows a
// desktop notification when a handoff is queued and when a visitor writes to a conversation the
// agent holds, while the console is out of view; the toggle silences it; at 390 px wide (a phone)
// nothing scrolls sideways. The page's Notification and AudioContext are recording stand-ins: a
// headless browser has no desktop to show notifications on, nor speakers.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { serverAndBrowser, skipBrowserTests, watchPage } from '../helpers/browser.js';

const ARTIFACTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-artifacts');

// Page code as strings: the project's tsconfig has no DOM types.
const STAND_INS = `(() => {
  window.__notes = []; window.__tones = 0;
  class RecordingNotification {
    constructor(title, options) { window.__notes.push({ title, body: options && options.body, tag: options && options.tag }); }
    close() {}
  }
  RecordingNotification.permission = 'default';
  RecordingNotification.requestPermission = async () => (RecordingNotification.permission = 'granted');
  window.Notification = RecordingNotification;
  class RecordingAudio {
    constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
    resume() { return Promise.resolve(); }
    createOscillator() { return { frequency: { value: 0 }, connect: (g) => g, start: () => { window.__tones++; }, stop() {} }; }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (d) => d }; }
  }
  window.AudioContext = RecordingAudio;
  // The agent is in another tab: notifications are for when the console is out of view.
  Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
  Document.prototype.hasFocus = () => false;
})()`;

interface Note { title: string; body: string; tag: string }
const notes = (page: Page) => page.evaluate<Note[]>('window.__notes');
const tones = (page: Page) => page.evaluate<number>('window.__tones');

test('console alerts: permission at sign-in, chime and notification for a new handoff and a held visitor, silenced by the toggle, phone width', {
  skip: skipBrowserTests,
  timeout: 120_000,
}, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, browser } = await serverAndBrowser(t);
  const token = await server.createAgentToken('Sam');
  const problems: string[] = [];
  const visitor = await browser.context.newPage();
  const agent = await browser.context.newPage();
  watchPage(visitor, 'widget', problems);
  watchPage(agent, 'console', problems);
  await agent.addInitScript(STAND_INS);

  try {
    await agent.goto(server.url + '/console');
    await agent.getByLabel('Agent token').fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    const toggle = agent.locator('#alerts');
    await toggle.filter({ hasText: 'Alerts on' }).waitFor();
    assert.equal(await agent.evaluate<string>('Notification.permission'), 'granted', 'signing in asked for permission');
    const announce = agent.locator('#announce');

    // ---- a visitor asks for a person: the agent hears and sees it ----
    await visitor.goto(server.url + '/');
    await visitor.getByRole('button', { name: 'Open support chat' }).click();
    const input = visitor.getByRole('textbox', { name: 'Message' });
    await input.fill('I want to talk to a person');
    await input.press('Enter');
    await announce.filter({ hasText: 'A visitor is waiting' }).waitFor({ state: 'attached' });
    const [waiting] = await notes(agent);
    assert.equal(waiting?.title, 'A visitor is waiting');
    assert.ok((await tones(agent)) > 0, 'a chime played');

    // ---- the agent holds it; the visitor writes while the console is out of view ----
    await agent.locator('#queued .item').first().click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await agent.locator('#status-badge').filter({ hasText: 'Assigned to you' }).waitFor();
    await input.fill('are you still there?');
    await input.press('Enter');
    await announce.filter({ hasText: 'New message from a visitor: are you still there?' }).waitFor({ state: 'attached' });
    const held = (await notes(agent))[1];
    assert.equal(held?.title, 'New message from a visitor');
    assert.equal(held?.body, 'are you still there?');
    assert.equal(held?.tag, `parley-${waiting?.tag.slice('parley-'.length)}`, 'alerts about one handoff share a tag');

    // ---- a phone: 390 px wide, nothing scrolls sideways, the reply box fits ----
    await agent.setViewportSize({ width: 390, height: 844 });
    assert.ok(await agent.evaluate<boolean>('document.documentElement.scrollWidth <= 390'), 'no horizontal scrolling at 390 px');
    for (const control of [agent.getByRole('textbox', { name: 'Reply to the visitor' }), toggle, agent.getByRole('button', { name: 'Sign out' })]) {
      const box = await control.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'each control is within the screen');
    }
    await agent.screenshot({ path: join(ARTIFACTS, 'console-390.png'), fullPage: true });
    await agent.setViewportSize({ width: 1280, height: 800 });

    // ---- silenced: the message is still announced on the page, nothing else ----
    const before = { notes: (await notes(agent)).length, tones: await tones(agent) };
    await toggle.click();
    await toggle.filter({ hasText: 'Alerts off' }).waitFor();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await input.fill('hello again');
    await input.press('Enter');
    await announce.filter({ hasText: 'hello again' }).waitFor({ state: 'attached' });
    assert.deepEqual({ notes: (await notes(agent)).length, tones: await tones(agent) }, before);

    assert.deepEqual(problems, []);
  } catch (err) {
    await agent.screenshot({ path: join(ARTIFACTS, 'failure-console-alerts.png') }).catch(() => undefined);
    if (problems.length) throw new Error(`${(err as Error).message}\npage problems:\n${problems.join('\n')}`, { cause: err });
    throw err;
  }
});
