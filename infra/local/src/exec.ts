import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a command to completion; a failure carries the command's last output lines, which say why. */
export async function runCommand(command: string, args: string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message?: string };
    const output = `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`.trim();
    throw new Error(
      `${command} ${args[0] ?? ''} failed: ${failed.message ?? error}\n${lastLines(output, 30)}`,
    );
  }
}

export function lastLines(text: string, count: number): string {
  return text.split('\n').slice(-count).join('\n');
}
