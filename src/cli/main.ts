/**
 * `tchat` entry point (bin/tchat.js imports this): picks the subcommand and
 * hands it the rest of argv. Each subcommand parses its own flags with meow,
 * so `tchat --help` and `tchat server --help` each list only the flags that
 * apply, and the server never loads React.
 */
type CommandModule = { run(argv: string[]): Promise<number> };

const subcommands: Record<string, () => Promise<CommandModule>> = {
  server: () => import('./server-command.js'),
  doctor: () => import('./doctor-command.js'),
};

const [first, ...rest] = process.argv.slice(2);
const loadSubcommand = first !== undefined ? subcommands[first] : undefined;
const command = loadSubcommand ? await loadSubcommand() : await import('./client-command.js');
process.exitCode = await command.run(loadSubcommand ? rest : process.argv.slice(2));
