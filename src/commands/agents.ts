// `parley agents add|revoke|list <name>`: the token is printed once, as the last line of stdout.
import { createAgentDirectory } from '../agents/agent-directory.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openConfiguredStorage } from '../storage/open-configured.js';

const USAGE = 'usage: parley agents add <name> | agents revoke <name> | agents list\n';

export async function runAgentsCommand(args: string[]): Promise<number> {
  const [action, name] = args;
  if (!action || (action !== 'list' && !name)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const storage = await openConfiguredStorage(loadConfig());
  try {
    const agents = createAgentDirectory(storage.agents, systemClock);
    switch (action) {
      case 'add': {
        const token = await agents.issueToken(name as string);
        process.stderr.write(`Agent "${name}" can now sign in to the console with this token. It is shown only once; store it safely.\n`);
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'revoke':
        if (await agents.revoke(name as string)) {
          process.stdout.write(`revoked ${name}\n`);
          return 0;
        }
        process.stderr.write(`no active agent named "${name}"\n`);
        return 1;
      case 'list':
        for (const a of await agents.list()) process.stdout.write(`${a.name}\t${a.createdAt}\t${a.revoked ? 'revoked' : 'active'}\n`);
        return 0;
      default:
        process.stderr.write(USAGE);
        return 2;
    }
  } finally {
    await storage.close();
  }
}
