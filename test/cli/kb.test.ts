// `parley kb test`: what an operator sees for a question, as a real process and as a function.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { kbReport, parseKbArgs } from '../../src/commands/kb.js';
import { loadKnowledgeBase } from '../../src/knowledge/index.js';
import { fromRoot } from '../../src/paths.js';
import { builtInPrompts } from '../../src/prompts.js';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src', 'cli.ts'), ...args], {
    cwd: fromRoot(), env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const kb = loadKnowledgeBase(builtInPrompts.folder('kb'));

function report(args: string[]) {
  const parsed = parseKbArgs(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return kbReport(kb, parsed.args);
}

describe('parley kb test', () => {
  it('prints the ranked sections by article, the threshold and the answer, and exits 0', () => {
    const r = cli(['kb', 'test', 'Too many requests how do I avoid that', '--intent', 'api_error', '--limit', '4']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Threshold: relevance 40\b/);
    assert.match(r.stdout, /Boosts: +intent api_error/);
    assert.match(r.stdout, /^1\. api-rate-limits: Too many requests and rate limits$/m);
    assert.match(r.stdout, /✔ +[\d.]+ = +[\d.]+ × 1\.40 +"Too many requests" \(HTTP 429\)/);
    assert.match(r.stdout, /off topic/);
    assert.match(r.stdout, /^Answer: api-rate-limits › "Too many requests" \(HTTP 429\)/m);
    assert.match(r.stdout, /random delay/, 'the excerpt the bot would quote');
    assert.equal(r.stdout.split('\n').filter((l) => /^ {3}[✔✘] /.test(l)).length, 4, '--limit rows');
  });

  it('says clearly when nothing passes, and exits 1', () => {
    const r = cli(['kb', 'test', "what's the weather in London"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /No section shares a word with the question\./);
    assert.match(r.stdout, /Nothing passes the threshold: the bot says it does not know and offers a person\./);
  });

  it('refuses bad usage with exit 2 and the usage line', () => {
    for (const args of [['kb'], ['kb', 'test'], ['kb', 'search', 'x'], ['kb', 'test', 'x', '--intent', 'made_up'], ['kb', 'test', 'x', '--limit', '0'], ['kb', 'test', 'x', '--colour', 'red']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /usage: parley kb test/);
    }
  });
});

describe('kb report', () => {
  it('shows why a section does not answer: off topic, or below the threshold', () => {
    const offTopic = report(['test', 'the', 'rate', 'of', 'things']);
    assert.equal(offTopic.answered, false);
    assert.match(offTopic.text, /✘ .*Commission rate and minimum payout\n {7}off topic: none of the article's keywords is in the question .*; matched: rate \(heading/);
    const weak = report(['test', 'how long for 1000 followers']);
    assert.equal(weak.answered, false);
    assert.match(weak.text, /✘ .*Why counts drop\n {7}below the threshold of 40; matched: /);
  });

  it('takes the question from several words and reads role and intent', () => {
    const parsed = parseKbArgs(['test', 'payout', 'please', '--role', 'affiliate']);
    assert.deepEqual(parsed, { ok: true, args: { question: 'payout please', role: 'affiliate', limit: 10 } });
    const { text, answered } = report(['test', 'payout', '--role', 'affiliate']);
    assert.ok(answered);
    assert.match(text, /Boosts: +role affiliate/);
    assert.match(text, /× 1\.15 /);
  });
});
