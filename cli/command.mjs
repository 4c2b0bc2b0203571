// What the CLI's commands share: a failure that is the user's to fix (one
// line on stderr, exit code 2), reading a JSON file, and the frame of a
// command's run().
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A user-facing failure: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** The JSON in `file` ("-" reads stdin); `what`, if given, names it in the messages. */
export async function readJson(file, what) {
  const name = what ? `${what} ${file}` : file;
  let text;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${name}: ${e.code ?? e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name} is not JSON: ${e.message}`);
  }
}

/**
 * `consentry <name> …`: `parseArgs(args)` reads the options, `--help`
 * prints `help`, else `body(options)` runs and resolves to the exit code; a
 * UsageError from either is one line on stderr and exit code 2.
 */
export async function runCommand(name, help, parseArgs, args, body) {
  try {
    const options = parseArgs(args);
    if (options.help) {
      process.stdout.write(help);
      return 0;
    }
    return await body(options);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`consentry ${name}: ${e.message}\n`);
    return 2;
  }
}
