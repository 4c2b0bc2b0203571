#!/usr/bin/env node
// `consentry <command> [options]`: each command is a module under cli/ whose
// default export takes the arguments after the command name and resolves to
// the process exit code.
const COMMANDS = {
  scan: ['../cli/scan/index.mjs', 'audit a site: cookies, storage and requests before and after a choice; draft its config'],
};

const USAGE = `usage: consentry <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
  .map(([name, [, what]]) => `  ${name.padEnd(8)}${what}`)
  .join('\n')}\n\n\`consentry <command> --help\` for a command's options.\n`;

const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write(USAGE);
  process.exit(2);
}
if (name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`consentry: unknown command "${name}"\n\n${USAGE}`);
  process.exit(2);
}
const { default: run } = await import(new URL(command[0], import.meta.url).href);
process.exitCode = await run(args);
