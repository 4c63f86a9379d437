import { parseArgs } from 'node:util';
import { BadgeError } from '../shared/errors.js';
import { commands } from './commands.js';

/**
 * `badges <command> [options]`: the operator's command line. Every command prints JSON on stdout (one object,
 * or an array) so it can be piped; errors go to stderr as `{ "error": { "code", "message" } }` with exit code 2
 * (usage) or 1 (failure).
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage());
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return await command.run(values as Record<string, string | boolean | undefined>, positionals);
  } catch (error) {
    const code =
      error instanceof BadgeError
        ? error.code
        : (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
          ? 'USAGE'
          : 'FAILED';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    if (code === 'USAGE') process.stderr.write(usage());
    return code === 'USAGE' ? 2 : 1;
  }
}

function usage(): string {
  const lines = Object.entries(commands).map(
    ([name, command]) => `  badges ${name} ${command.synopsis}\n      ${command.summary}`,
  );
  return `Usage:\n${lines.join('\n')}\n`;
}

process.exitCode = await main(process.argv.slice(2));
