/** Long local-stack steps report on stderr, so a command's own output (e.g. an address) stays clean. */
export function progress(message: string): void {
  process.stderr.write(`[quarry] ${message}\n`);
}
