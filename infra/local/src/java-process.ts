import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

export interface JavaExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** set when the JVM could not be started at all (e.g. no java on PATH) */
  error?: Error;
}

export interface JavaProcess {
  child: ChildProcess;
  /** settles when the JVM has exited, however that happened */
  exited: Promise<JavaExit>;
  stop(graceMs?: number): Promise<void>;
}

export function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Starts a JVM with stdout and stderr appended to `logFile`, so a failure can quote its last lines. */
export function spawnJava(jvmArgs: string[], logFile: string): JavaProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(javaBinary(), jvmArgs, { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<JavaExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  // A test run or CLI that exits without stopping the JVM must not leave a broker behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  async function stop(graceMs = 20_000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  return { child, exited, stop };
}
