#!/usr/bin/env node
// The one executable: `parley <subcommand>` (or `npm run -s cli -- <subcommand>` in a checkout).
// Standard output carries only each command's result; logs go to standard error.

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { summary: string; run: Command }> = {
  serve: { summary: 'run the service (demo mode when PANEL_URL is unset)', run: async () => (await import('./commands/serve.js')).runServe() },
  sandbox: { summary: 'run the sandbox SMM panel alone', run: async (args) => (await import('./sandbox/command.js')).runSandboxCommand(args) },
  understand: { summary: 'JSON Lines in, understanding JSON Lines out', run: async () => (await import('./understanding/command.js')).runUnderstandCommand(process.stdin, process.stdout) },
  eval: { summary: 'evaluate the classifier on the dev set, the test split and CLINC150', run: async (args) => (await import('./understanding/command.js')).runEvalCommand(args, process.stdout) },
  agents: { summary: 'agents add <name> [--display-name "…"] | agents set-display-name <name> ("…" | --clear) | agents revoke <name> | agents list', run: async (args) => (await import('./commands/agents.js')).runAgentsCommand(args) },
  orders: { summary: 'orders import <file.json|file.csv> [--columns field=Header,…] [--delimiter comma|semicolon|tab]: fill the order directory from a shop export', run: async (args) => (await import('./commands/import-orders.js')).runImportOrdersCommand(args) },
  purge: { summary: 'purge --older-than <days>: delete conversations idle for longer', run: async (args) => (await import('./commands/purge.js')).runPurgeCommand(args) },
  kb: { summary: 'kb test "<question>" [--role R] [--intent I] [--limit N]: how the help articles answer it', run: async (args) => (await import('./commands/kb.js')).runKbCommand(args) },
  backup: { summary: 'backup <destination-file> [--force]: online copy of the database', run: async (args) => (await import('./commands/backup.js')).runBackupCommand(args) },
  doctor: { summary: 'check the configuration, the panel and its key, the database and the LLM: one line per problem', run: async (args) => (await import('./commands/doctor.js')).runDoctorCommand(args) },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return `usage: parley <command> [args]\n\n${lines.join('\n')}\n`;
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(name ? `unknown command: ${name}\n\n${usage()}` : usage());
  process.exitCode = 2;
} else {
  command.run(args).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
