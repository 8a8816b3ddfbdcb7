import { parseArgs } from 'node:util';
import { ConfigError } from '@quarry/config';
import { COMMANDS, type Command, closeAll, UsageError } from './cli/commands.ts';

// `quarry <command>`: the operator's tool, run as `kubectl exec deploy/control-api -- quarry …`.
const argv = process.argv.slice(2);

function help(command?: Command): string {
  if (command) return `usage: quarry ${command.name} ${command.usage ?? ''}\n\n${command.summary}\n`;
  const width = Math.max(...COMMANDS.map(({ name }) => name.length));
  return `usage: quarry <command> [options]   (quarry <command> --help for details)\n\n${COMMANDS.map(
    ({ name, summary }) => `  ${name.padEnd(width)}  ${summary}`,
  ).join('\n')}\n`;
}

function find(words: string[]): { command: Command; rest: string[] } | undefined {
  const matches = COMMANDS.filter(({ name }) =>
    name.split(' ').every((word, index) => words[index] === word),
  );
  const command = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return command && { command, rest: words.slice(command.name.split(' ').length) };
}

const found = find(argv);
if (!found) {
  const asked = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
  process.stderr.write(asked ? help() : `unknown command: ${argv.join(' ')}\n\n${help()}`);
  process.exit(asked ? 0 : 2);
}
const { command, rest } = found;
try {
  const asksHelp = rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h');
  const { values, positionals } = parseArgs({
    args: command.positionalsOnly && !asksHelp ? ['--', ...rest] : rest,
    options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(help(command));
  } else {
    await command.run(values as Record<string, string | boolean | undefined>, positionals);
  }
  await closeAll();
} catch (error) {
  await closeAll();
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(`${(error as Error).message}\n\n${help(command)}`);
    process.exit(error instanceof ConfigError ? 78 : 2);
  }
  process.stderr.write(
    `quarry ${command.name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
