// `parley agents add|set-display-name|revoke|list`: the token is printed once, as the last line of stdout.
import { parseArgs } from 'node:util';
import { createAgentDirectory } from '../agents/agent-directory.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openConfiguredStorage } from '../storage/open-configured.js';

const USAGE = 'usage: parley agents add <name> [--display-name "<name visitors see>"]'
  + ' | agents set-display-name <name> ("<name visitors see>" | --clear) | agents revoke <name> | agents list\n';

type Request =
  | { action: 'add'; name: string; displayName: string | undefined }
  | { action: 'set-display-name'; name: string; displayName: string | null }
  | { action: 'revoke'; name: string }
  | { action: 'list' };

function readArgs(args: string[]): Request | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { 'display-name': { type: 'string' }, clear: { type: 'boolean' } } });
  } catch {
    return undefined;
  }
  const [action, name, ...rest] = parsed.positionals;
  const { 'display-name': displayName, clear } = parsed.values;
  if (action === 'list' && !name) return { action };
  if (!name) return undefined;
  if (action === 'add' && rest.length === 0 && !clear) return { action, name, displayName };
  if (action === 'revoke' && rest.length === 0 && !clear && displayName === undefined) return { action, name };
  if (action === 'set-display-name' && displayName === undefined) {
    if (clear && rest.length === 0) return { action, name, displayName: null };
    if (!clear && rest.length === 1) return { action, name, displayName: rest[0] as string };
  }
  return undefined;
}

export async function runAgentsCommand(args: string[]): Promise<number> {
  const request = readArgs(args);
  if (!request) {
    process.stderr.write(USAGE);
    return 2;
  }
  const storage = await openConfiguredStorage(loadConfig());
  try {
    const agents = createAgentDirectory(storage.agents, systemClock);
    switch (request.action) {
      case 'add': {
        const token = await agents.issueToken(request.name, request.displayName);
        process.stderr.write(`Agent "${request.name}" can now sign in to the console with this token. It is shown only once; store it safely.\n`);
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'set-display-name':
        if (await agents.setDisplayName(request.name, request.displayName)) {
          process.stdout.write(request.displayName === null ? `visitors now see the login name "${request.name}"\n` : `visitors now see ${request.name} as "${request.displayName.trim()}"\n`);
          return 0;
        }
        process.stderr.write(`no agent named "${request.name}"\n`);
        return 1;
      case 'revoke':
        if (await agents.revoke(request.name)) {
          process.stdout.write(`revoked ${request.name}\n`);
          return 0;
        }
        process.stderr.write(`no active agent named "${request.name}"\n`);
        return 1;
      case 'list':
        for (const a of await agents.list()) process.stdout.write(`${a.name}\t${a.createdAt}\t${a.revoked ? 'revoked' : 'active'}\t${a.displayName ?? ''}\n`);
        return 0;
    }
  } finally {
    await storage.close();
  }
}
