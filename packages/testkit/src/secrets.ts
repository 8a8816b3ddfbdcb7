import { createHash } from 'node:crypto';

/**
 * The signing-key encryption key every test of a run uses. An installation has exactly one (signing
 * keys in its catalog are sealed with it), and all test files share the run's PostgreSQL database.
 */
export function testSigningKeyEncryptionKey(): Buffer {
  return createHash('sha256').update('quarry test signing-key encryption key').digest();
}

/** The destination encryption key every test of a run uses (control API and writer share it). */
export function testDestinationKey(): Buffer {
  return createHash('sha256').update('quarry test destination encryption key').digest();
}
