// Browser test of the widget while the shop's team is away (business hours in the shop policy,
// docs/customising.md): the header says when the team is back before the visitor asks for anyone,
// and asking for a person queues the conversation and gives the shop's offline contact. The real
// server reads the policy from a PROMPTS_DIR, as an operator's would be; its hours are one minute,
// three days from today, so the team is away whenever the test runs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../../src/paths.js';
import { serverAndBrowser, skipBrowserTests, watchPage } from '../helpers/browser.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The built-in shop policy with business hours added: open one minute, on the UTC weekday three days ahead. */
function promptsDirWithHours(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prompts-'));
  mkdirSync(join(dir, 'policy'));
  const day = DAYS[(new Date().getUTCDay() + 3) % 7];
  const policy = readFileSync(fromRoot('prompts', 'policy', 'shop-policy.md'), 'utf8')
    .replace(/^---\n/, `---\nbusinessHours:\n  timeZone: UTC\n  open: [${day} 00:00-00:01]\n  offlineContact: help@acme-smm.example\n`);
  writeFileSync(join(dir, 'policy', 'shop-policy.md'), policy);
  return dir;
}

test('widget while the team is away: the header says when it is back; a handoff gives the offline contact', {
  skip: skipBrowserTests,
  timeout: 120_000,
}, async (t) => {
  const prompts = promptsDirWithHours();
  t.after(() => rmSync(prompts, { recursive: true, force: true }));
  const { server, browser } = await serverAndBrowser(t, { env: { PROMPTS_DIR: prompts } });
  const problems: string[] = [];
  const page = await browser.context.newPage();
  watchPage(page, 'widget', problems);

  await page.goto(server.url + '/');
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const header = page.locator('#parley-sub');
  await header.filter({ hasText: /^Automated assistant · our team is back \w+day \d+ \w+, 00:00 \(UTC\)$/ }).waitFor();

  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('I want to talk to a person');
  await input.press('Enter');
  const log = page.getByRole('log', { name: 'Conversation' });
  await log.locator('[data-from=bot]').filter({ hasText: 'help@acme-smm.example' }).waitFor();
  await header.filter({ hasText: 'Waiting for a support agent' }).waitFor();
  assert.deepEqual(problems, []);
});
