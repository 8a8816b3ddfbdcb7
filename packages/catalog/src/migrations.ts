import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  /** The file name without `.sql`, e.g. `20261124T0430_initial`; recorded once applied. */
  version: string;
  sql: string;
  /** sha256 of the SQL, so an edited file that was already applied is noticed. */
  checksum: string;
}

/** UTC timestamp (YYYYMMDDTHHMM, optionally seconds), then a snake_case description. */
const fileNamePattern = /^(\d{8}T\d{4}(?:\d{2})?)_[a-z0-9_]+\.sql$/;

export const migrationsDirectory = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Orders migration file names by timestamp, refusing malformed names and clashing timestamps. */
export function orderMigrationFiles(fileNames: readonly string[]): string[] {
  const byTimestamp = new Map<string, string>();
  for (const fileName of fileNames) {
    if (!fileName.endsWith('.sql')) continue;
    const written = fileNamePattern.exec(fileName)?.[1];
    if (written === undefined) {
      throw new Error(`migration ${fileName} must be named <YYYYMMDDTHHMM>_<description>.sql (UTC)`);
    }
    // T0130 and T013000 are the same minute: compare at seconds, so they clash instead of sorting apart.
    const timestamp = written.padEnd(15, '0');
    const clash = byTimestamp.get(timestamp);
    if (clash !== undefined)
      throw new Error(`migrations ${clash} and ${fileName} share the timestamp ${timestamp}`);
    byTimestamp.set(timestamp, fileName);
  }
  return [...byTimestamp.keys()].sort().map((timestamp) => byTimestamp.get(timestamp) ?? '');
}

export function loadMigrations(directory: string = migrationsDirectory): Migration[] {
  return orderMigrationFiles(readdirSync(directory)).map((fileName) => {
    const sql = readFileSync(join(directory, fileName), 'utf8');
    return {
      version: fileName.slice(0, -'.sql'.length),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
}
