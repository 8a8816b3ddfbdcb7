import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findLeaks, type Leak, type Needle } from './leaks.ts';
import { testSigningKeyEncryptionKey } from './secrets.ts';

const key = testSigningKeyEncryptionKey();

/** Passwords the test suites sign up with (literals in their files); none may reach a service's output. */
const TEST_PASSWORDS = [
  'long enough password',
  'password123',
  'correct horse',
  'not the password',
  'whatever1',
];

/** Kinds of secret found by their shape, whoever made them: full tokens and PEM private keys. */
export const SECRET_SHAPES: readonly Needle[] = [
  { label: 'a personal access token', find: /pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}/ },
  { label: 'an ingest key', find: /qk_[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{40,}/ },
  { label: 'a PEM private key', find: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** What a spawned service must never print: secrets by shape, and the run's own fixed secrets. */
export const SERVICE_LOG_NEEDLES: readonly Needle[] = [
  ...SECRET_SHAPES,
  { label: 'test SIGNING_KEY_ENCRYPTION_KEY (base64)', find: key.toString('base64') },
  { label: 'test SIGNING_KEY_ENCRYPTION_KEY (base64url)', find: key.toString('base64url') },
  { label: 'test SIGNING_KEY_ENCRYPTION_KEY (hex)', find: key.toString('hex') },
  ...TEST_PASSWORDS.map((password) => ({ label: 'a test password', find: password })),
];

/** Every file of the directory searched for SERVICE_LOG_NEEDLES; also what was read, for the record. */
export async function scanServiceLogs(dir: string): Promise<{ leaks: Leak[]; files: number; bytes: number }> {
  const names = await readdir(dir);
  const haystacks = await Promise.all(
    names.map(async (name) => ({
      where: name,
      text: withoutEmbeddedBanner(await readFile(join(dir, name), 'utf8')),
    })),
  );
  return {
    leaks: findLeaks(haystacks, SERVICE_LOG_NEEDLES),
    files: names.length,
    bytes: haystacks.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0),
  };
}

/**
 * The embedded runner (`npm start`) prints its bootstrap credentials once in a banner on purpose, as a
 * create response shows a new token: those lines are blanked (line numbers kept), nothing else is.
 */
export function withoutEmbeddedBanner(text: string): string {
  return text.replace(/^Quarry is running \(embedded[\s\S]*?^Stop with Ctrl-C.*$/gm, (banner) =>
    banner.replace(/[^\n]/g, ''),
  );
}
