// LangChain is ~0.4 s of imports at start; it must load only when an LLM is configured. A child
// process imports the server and app modules with a resolve hook that records every LangChain
// module (and llm-chain.ts) it loads, then asks for a model without and with a provider.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../src/paths.js';

const HOOK = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\\/node_modules\\/@langchain\\/|\\/replies\\/llm-chain\\.ts$/.test(resolved.url)) appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;

const src = (path: string) => JSON.stringify(pathToFileURL(fromRoot('src', path)).href);

const CHILD = `
import { register } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
const file = process.env.LOADED_LOG;
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { file } });
const loaded = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\\n').filter(Boolean) : []);
const { loadConfig } = await import(${src('config.ts')});
await import(${src('server.ts')});
await import(${src('app.ts')});
const { createChatModelFromConfig } = await import(${src('replies/llm-model.ts')});
const none = await createChatModelFromConfig(loadConfig({}));
const withoutLlm = loaded();
const model = await createChatModelFromConfig(loadConfig({ LLM_PROVIDER: 'ollama', LLM_BASE_URL: 'http://127.0.0.1:9/v1' }));
console.log(JSON.stringify({ none: none === undefined, model: model?.constructor.name, withoutLlm, withLlm: loaded() }));
`;

describe('LangChain loading', () => {
  it('is not imported by the server without an LLM, and is once a provider is configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-llm-lazy-'));
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', CHILD], {
        cwd: fromRoot(),
        env: { ...process.env, LOADED_LOG: join(dir, 'loaded.txt') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(child.status, 0, child.stderr);
      const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { none: boolean; model?: string; withoutLlm: string[]; withLlm: string[] };
      assert.equal(result.none, true);
      assert.deepEqual(result.withoutLlm, [], 'nothing of LangChain is loaded without an LLM');
      // The hook does see LangChain once it loads: the client and the writer's chain.
      assert.equal(result.model, 'ChatOpenAI');
      assert.ok(result.withLlm.some((url) => url.includes('/node_modules/@langchain/openai/')), result.withLlm.join('\n'));
      assert.ok(result.withLlm.some((url) => url.endsWith('/replies/llm-chain.ts')), result.withLlm.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
