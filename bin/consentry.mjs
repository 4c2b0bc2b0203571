#!/usr/bin/env node
// `consentry <command> [options]`: the package's command line. Each command
// is a module of cli/ whose run(args) resolves to the exit code; this file
// only finds it in the table and hands it the arguments.
const COMMANDS = {
  gvl: { load: () => import('../cli/gvl.mjs'), summary: "trim the IAB Global Vendor List to a site's vendors and languages" },
  scan: { load: () => import('../cli/scan/index.mjs'), summary: 'audit a site: cookies, storage and requests before and after a choice; draft its config' },
  services: { load: () => import('../cli/services.mjs'), summary: 'expand the known services a config names (cookies, storage, hosts) from the catalogue' },
};

function usage() {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: consentry <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nconsentry <command> --help for its options.\n`;
}

const [name, ...args] = process.argv.slice(2);
const command = Object.hasOwn(COMMANDS, name ?? '') ? COMMANDS[name] : undefined;
if (!command) {
  const help = name === undefined || name === '--help' || name === '-h';
  (help ? process.stdout : process.stderr).write((help ? '' : `consentry: unknown command "${name}"\n\n`) + usage());
  process.exitCode = help ? 0 : 2;
} else {
  process.exitCode = await (await command.load()).run(args);
}
